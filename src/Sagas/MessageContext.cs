namespace Sagas;

/// <summary>
/// What a handler may do besides changing its own data: send commands and publish events. Messages
/// are not sent at once: they are saved with the saga's state (the outbox) and relayed after the
/// save succeeds, so a failed or retried handler never emits anything.
/// </summary>
public sealed class MessageContext
{
    private readonly IMessageRegistry _registry;
    private List<Envelope>? _outgoing;

    internal MessageContext(IMessageRegistry registry, string messageId, string? correlationId)
    {
        _registry = registry;
        MessageId = messageId;
        CorrelationId = correlationId;
    }

    /// <summary>The id of the message being handled; the causation id of every message sent from here.</summary>
    public string MessageId { get; }

    /// <summary>The correlation key of the saga instance handling the message, when a saga handles it.</summary>
    public string? CorrelationId { get; }

    /// <summary>Asks a participant to do something; delivered after the handler's state is saved.</summary>
    /// <param name="command">A registered command (<c>[Command]</c>).</param>
    public void Send<TCommand>(TCommand command) where TCommand : notnull => Add(command);

    /// <summary>Tells whoever subscribes that something happened; delivered after the handler's state is saved.</summary>
    /// <param name="event">A registered event (<c>[Event]</c>).</param>
    public void Publish<TEvent>(TEvent @event) where TEvent : notnull => Add(@event);

    internal IReadOnlyList<Envelope> Outgoing => (IReadOnlyList<Envelope>?)_outgoing ?? [];

    private void Add(object message)
    {
        if (!_registry.TryGetWireName(message, out var wireName))
        {
            throw UnknownMessageTypeException.ForType(message.GetType());
        }

        (_outgoing ??= []).Add(Envelope.Create(message, wireName, CorrelationId, MessageId));
    }
}
