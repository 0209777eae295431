namespace Sagas;

/// <summary>
/// What a saga store offers an operator beyond the steps: an instance's outbox not yet relayed,
/// and the removal of a finished instance. The in-memory and Redis stores implement it; the
/// admin API (<see cref="ISagaAdmin"/>) uses it when the registered store does.
/// </summary>
public interface ISagaStoreMaintenance
{
    /// <summary>
    /// The messages an instance's saved steps emitted that are not yet relayed to the transport,
    /// oldest first: empty in normal running, where a step's messages leave with its save or right after.
    /// </summary>
    /// <param name="key">The instance.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    ValueTask<IReadOnlyList<Envelope>> GetPendingOutboxAsync(SagaKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a finished instance with everything kept for it (inbox, history, its entry in the
    /// read model of saga states), unless it is live or still has messages to relay.
    /// </summary>
    /// <param name="key">The instance.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>What was done.</returns>
    ValueTask<SagaDeletion> DeleteFinishedAsync(SagaKey key, CancellationToken cancellationToken);
}

/// <summary>What became of a request to delete an instance (<see cref="ISagaStoreMaintenance.DeleteFinishedAsync"/>).</summary>
public enum SagaDeletion
{
    /// <summary>The instance and what was kept for it are gone.</summary>
    Deleted,

    /// <summary>The store holds no instance under that key.</summary>
    NotFound,

    /// <summary>The instance is live (not in a final state); nothing was deleted.</summary>
    NotFinished,

    /// <summary>The instance has outbox messages not yet relayed; nothing was deleted.</summary>
    OutboxPending,
}
