using System.Collections.Concurrent;

namespace Sagas.Benchmarks;

/// <summary>
/// The store-only mode's transport: no transport at all. Each driver of a saga opens an inbox for
/// its own flow of execution; whatever the engine publishes while that driver is handling a message
/// (the saga's commands, the participants' replies) lands in it, for the driver to hand back to the
/// engine. Messages published outside any driver's flow (a timeout timer firing) are counted and dropped.
/// </summary>
internal sealed class LoopbackTransport : IMessageTransport
{
    private readonly AsyncLocal<ConcurrentQueue<Envelope>?> _inbox = new();
    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Gives the calling flow of execution (one driver) an inbox of its own.</summary>
    public ConcurrentQueue<Envelope> OpenInbox() => _inbox.Value = new ConcurrentQueue<Envelope>();

    public ValueTask PublishAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        if (_inbox.Value is { } inbox)
        {
            inbox.Enqueue(envelope);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }

        return ValueTask.CompletedTask;
    }

    public IAsyncEnumerable<IncomingMessage> ReceiveAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("In the store-only mode the drivers hand messages to the engine themselves; nothing receives.");
}
