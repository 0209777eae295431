namespace Sagas;

/// <summary>Moves envelopes between the engine and whoever subscribes.</summary>
public interface IMessageTransport
{
    /// <summary>Hands an envelope to the transport.</summary>
    ValueTask PublishAsync(Envelope envelope, CancellationToken cancellationToken);

    /// <summary>Yields incoming messages until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <remarks>Several readers may enumerate at once; each message goes to one of them.</remarks>
    IAsyncEnumerable<IncomingMessage> ReceiveAsync(CancellationToken cancellationToken);
}

/// <summary>A received message that must be acknowledged once handled, or dead-lettered.</summary>
public abstract class IncomingMessage
{
    /// <summary>Wraps a received envelope.</summary>
    protected IncomingMessage(Envelope envelope) => Envelope = envelope;

    /// <summary>The received envelope.</summary>
    public Envelope Envelope { get; }

    /// <summary>Tells the transport the message was handled and its effects are saved.</summary>
    public abstract ValueTask AckAsync(CancellationToken cancellationToken);

    /// <summary>Moves the message aside with the reason it cannot be handled, so the consumer can go on.</summary>
    public abstract ValueTask DeadLetterAsync(string reason, Exception? exception, CancellationToken cancellationToken);
}
