namespace Sagas;

/// <summary>
/// What a handler may do besides changing its own data: send commands and publish events. Messages
/// are not sent at once: they are saved with the saga's state (the outbox) and relayed after the
/// save succeeds, so a failed or retried handler never emits anything.
/// </summary>
public sealed class MessageContext
{
    private readonly IMessageRegistry _registry;
    private readonly TimeProvider _time;
    private readonly string _messagingSystem;
    private List<Envelope>? _outgoing;
    private List<string>? _cancelled;

    internal MessageContext(IMessageRegistry registry, TimeProvider time, SagasOptions options, string messageId, string? correlationId, string messagingSystem)
    {
        _registry = registry;
        _time = time;
        _messagingSystem = messagingSystem;
        Options = options;
        MessageId = messageId;
        CorrelationId = correlationId;
    }

    /// <summary>
    /// Creates a context outside the engine, to call a handler directly in a unit test: what the
    /// handler sends, publishes, schedules and cancels stays in <see cref="Outgoing"/> and
    /// <see cref="CancelledSchedules"/>, and nothing is delivered. <c>Sagas.Testing</c>'s
    /// <c>TestMessageContext</c> wraps one and reads it by kind.
    /// </summary>
    /// <param name="registry">The generated message registry (<c>MessageRegistry.Instance</c> of the project that declares the messages).</param>
    /// <param name="correlationId">The correlation key of the saga instance the handler would run for, if any.</param>
    /// <param name="time">The clock scheduled messages are due by; the system clock when <see langword="null"/>.</param>
    /// <param name="options">The settings a saga's compensation reads; the defaults when <see langword="null"/>.</param>
    public static MessageContext Create(IMessageRegistry registry, string? correlationId = null, TimeProvider? time = null, SagasOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new MessageContext(registry, time ?? TimeProvider.System, options ?? new SagasOptions(), MessageIds.Next(), correlationId, "sagas");
    }

    /// <summary>The id of the message being handled; the causation id of every message sent from here.</summary>
    public string MessageId { get; }

    /// <summary>The correlation key of the saga instance handling the message, when a saga handles it.</summary>
    public string? CorrelationId { get; }

    /// <summary>Asks a participant to do something; delivered after the handler's state is saved.</summary>
    /// <param name="command">A registered command (<c>[Command]</c>).</param>
    public void Send<TCommand>(TCommand command) where TCommand : notnull => Add("send", command);

    /// <summary>Tells whoever subscribes that something happened; delivered after the handler's state is saved.</summary>
    /// <param name="event">A registered event (<c>[Event]</c>).</param>
    public void Publish<TEvent>(TEvent @event) where TEvent : notnull => Add("publish", @event);

    /// <summary>
    /// Delivers <paramref name="message"/> back to this saga after <paramref name="delay"/>: a timeout.
    /// Scheduled with the state, like every outgoing message; cancel it with <see cref="CancelScheduled{TMessage}"/>.
    /// </summary>
    /// <param name="message">A registered event, usually one the saga handles as a timeout.</param>
    /// <param name="delay">How long from now; zero or negative delivers at once.</param>
    public void Schedule<TMessage>(TMessage message, TimeSpan delay) where TMessage : notnull =>
        Add("schedule", message, _time.GetUtcNow() + (delay > TimeSpan.Zero ? delay : TimeSpan.Zero));

    /// <summary>
    /// Cancels the messages of type <typeparamref name="TMessage"/> this saga instance scheduled
    /// before this handling and that are not yet delivered; one scheduled in this handling is kept,
    /// so cancelling then scheduling again reschedules.
    /// </summary>
    public void CancelScheduled<TMessage>() where TMessage : notnull => (_cancelled ??= []).Add(_registry.GetWireName(typeof(TMessage)));

    /// <summary>
    /// Ends the saga instance after this handler, whatever its state: it is saved as finished and
    /// accepts no further messages. Final states (<c>[Final]</c>) end it without this call.
    /// </summary>
    public void Complete() => IsCompleted = true;

    /// <summary>Whether <see cref="Complete"/> was called.</summary>
    public bool IsCompleted { get; private set; }

    internal SagasOptions Options { get; }

    /// <summary>
    /// What the handler sent, published and scheduled so far, in order; each scheduled one with its
    /// <see cref="Envelope.DeliverAt"/>. The engine saves them with the state, then delivers them.
    /// </summary>
    public IReadOnlyList<Envelope> Outgoing => (IReadOnlyList<Envelope>?)_outgoing ?? [];

    /// <summary>The wire names of the message types whose schedules the handler cancelled (<see cref="CancelScheduled{TMessage}"/>).</summary>
    public IReadOnlyList<string> CancelledSchedules => (IReadOnlyList<string>?)_cancelled ?? [];

    private void Add(string operation, object message, DateTimeOffset? deliverAt = null)
    {
        var wireName = _registry.GetWireName(message, out var version);

        // The message carries its producer span's context; it is sent when the step is saved.
        var producing = SagaTracing.StartProducing(operation, wireName, CorrelationId, _messagingSystem);

        // Stamped by the host's clock, which the engine's relay grace period is measured by too.
        var envelope = Envelope.Create(message, wireName, CorrelationId, MessageId, _time.GetUtcNow(), deliverAt, version);
        SagaTracing.Produced(producing, envelope);
        (_outgoing ??= []).Add(envelope);
    }
}
