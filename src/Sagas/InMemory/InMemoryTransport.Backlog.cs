namespace Sagas.InMemory;

// The in-memory queue as ITransportBacklog: one service (this process) reading one queue. Lag is
// what is queued and not taken yet; pending, what a worker took and has not settled (acknowledged,
// dead-lettered or given back), with what waits for a retry, as a Redis group's pending entries.
public sealed partial class InMemoryTransport : ITransportBacklog
{
    /// <summary>The name the backlog gives the in-memory transport's one service and its one queue.</summary>
    public const string BacklogName = "in_memory";

    private int _taken;

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ServiceBacklog>> GetBacklogAsync(CancellationToken cancellationToken)
    {
        long lag = _queue.Reader.Count;
        long pending = Volatile.Read(ref _taken) + Volatile.Read(ref _waitingForRetry);
        return ValueTask.FromResult<IReadOnlyList<ServiceBacklog>>(
            [new ServiceBacklog(BacklogName, lag, pending, [new QueueBacklog(BacklogName, lag, pending)])]);
    }

    // A message leaves the queue: counted as taken until its worker settles it.
    private Received Take((Envelope Envelope, long Delivery) queued)
    {
        Interlocked.Increment(ref _taken);
        return new Received(queued.Envelope, queued.Delivery, this);
    }

    private void Settled() => Interlocked.Decrement(ref _taken);
}
