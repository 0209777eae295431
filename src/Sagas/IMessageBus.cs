namespace Sagas;

/// <summary>Publishes events and sends commands from application code, outside any handler.</summary>
public interface IMessageBus
{
    /// <summary>Publishes a registered event or sends a registered command.</summary>
    /// <exception cref="UnknownMessageTypeException">The message's type is not registered.</exception>
    ValueTask PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : notnull;
}

internal sealed class MessageBus(IMessageRegistry registry, IMessageTransport transport) : IMessageBus
{
    public ValueTask PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : notnull =>
        transport.PublishAsync(Envelope.Create(message, registry.GetWireName(message)), cancellationToken);
}
