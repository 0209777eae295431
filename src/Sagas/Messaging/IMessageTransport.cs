namespace Sagas;

/// <summary>Moves envelopes between the engine and whoever subscribes.</summary>
public interface IMessageTransport
{
    /// <summary>Hands an envelope to the transport.</summary>
    ValueTask PublishAsync(Envelope envelope, CancellationToken cancellationToken);

    /// <summary>Yields incoming messages until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <remarks>Several readers may enumerate at once; each message goes to one of them.</remarks>
    IAsyncEnumerable<IncomingMessage> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>The <c>messaging.system</c> traces name: <c>redis</c>, <c>in_memory</c>; <c>sagas</c> unless a transport says.</summary>
    string MessagingSystem => "sagas";
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

    /// <summary>How many times the message has been delivered, this delivery included: 1 the first time.</summary>
    /// <remarks>A delivery given back with <c>countsAsAttempt: false</c> (<see cref="RetryLaterAsync"/>) does not add to it.</remarks>
    public virtual long Delivery => 1;

    /// <summary>The consumer group (service) that read the message, if the transport has groups; traces name it.</summary>
    public virtual string? ConsumerGroup => null;

    /// <summary>Where the message was read from (a Redis stream's key), if the transport says; traces name it.</summary>
    public virtual string? Source => null;

    /// <summary>Moves the message aside with the reason it cannot be handled, so the consumer can go on.</summary>
    public abstract ValueTask DeadLetterAsync(string reason, Exception? exception, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the message back unhandled, to be delivered again, to this worker or another, once
    /// <paramref name="delay"/> has passed; the consumer goes on with other messages meanwhile.
    /// </summary>
    /// <param name="delay">How long to wait before the next delivery; <see cref="TimeSpan.Zero"/> hands it on at once (a worker stopping).</param>
    /// <param name="countsAsAttempt">
    /// Whether the next delivery counts as another attempt (<see cref="Delivery"/> grows): yes after a
    /// handler's failure, no after an infrastructure failure or a shutdown, which say nothing about the message.
    /// </param>
    /// <param name="cancellationToken">Stops waiting for the transport.</param>
    public abstract ValueTask RetryLaterAsync(TimeSpan delay, bool countsAsAttempt, CancellationToken cancellationToken);
}
