namespace Sagas.InMemory;

// An instance's outbox as an operator sees it, and the deletion of a finished instance: under the
// store's lock, so the instance, its history and its place in the read model go together.
public sealed partial class InMemorySagaStore : ISagaStoreMaintenance
{
    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Envelope>> GetPendingOutboxAsync(SagaKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<Envelope>>(
                _instances.TryGetValue(key, out var instance) && instance.Outbox is { } outbox ? [.. outbox] : []);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A participant's handler record (no saga: it is final from its first save, and has neither
    /// history nor place in the read model) is deleted like a finished instance. A retry of a
    /// message the deleted instance handled is then no longer recognised, as after its retention.
    /// </remarks>
    public ValueTask<SagaDeletion> DeleteFinishedAsync(SagaKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_instances.TryGetValue(key, out var instance))
            {
                return ValueTask.FromResult(SagaDeletion.NotFound);
            }

            if (!instance.IsFinal)
            {
                return ValueTask.FromResult(SagaDeletion.NotFinished);
            }

            if (instance.Outbox is { Count: > 0 })
            {
                return ValueTask.FromResult(SagaDeletion.OutboxPending);
            }

            _instances.Remove(key);
            if (!instance.IsHandlerRecord)
            {
                _states.Removed(key, instance.State, instance.ChangedTicks);
            }

            ForgetFinished(key);
            return ValueTask.FromResult(SagaDeletion.Deleted);
        }
    }

    // Out of the queue of finished instances too: left there, it would count against MaxCompleted,
    // and its expiry would remove a new instance saved under the same key meanwhile. A rare
    // operator's call: rebuilding the queue is cheaper than keeping an index beside it.
    private void ForgetFinished(SagaKey key)
    {
        var kept = _finished.Where(f => f.Key != key).ToList();
        _finished.Clear();
        foreach (var finished in kept)
        {
            _finished.Enqueue(finished);
        }
    }
}
