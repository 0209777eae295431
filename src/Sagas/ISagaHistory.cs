namespace Sagas;

/// <summary>
/// The history of each saga instance: one entry per saved step, kept as long as the instance.
/// The saga stores keep it in the same save as each step; resolve it from the container.
/// </summary>
public interface ISagaHistory
{
    /// <summary>The saved steps of an instance, oldest first; empty when the store holds no such instance.</summary>
    /// <param name="key">The instance.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(SagaKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Appends an operator's note to an instance's history (a repair: what was done, by whom), in
    /// its current state, timed by the store's clock; nothing when the store holds no such instance.
    /// </summary>
    /// <returns>Whether the instance exists and the note was recorded.</returns>
    ValueTask<bool> RecordNoteAsync(SagaKey key, string note, CancellationToken cancellationToken);
}

/// <summary>One saved step of a saga instance.</summary>
/// <param name="At">When the save happened, by the store's clock (the Redis server's on Redis).</param>
/// <param name="MessageId">The handled message.</param>
/// <param name="MessageType">Its wire name.</param>
/// <param name="FromState">The state before; <see langword="null"/> when the message started the instance.</param>
/// <param name="ToState">The state after.</param>
/// <param name="Note">An operator's note (a repair), for an entry that records no step; <see langword="null"/> for a step.</param>
public sealed record SagaHistoryEntry(DateTimeOffset At, string MessageId, string MessageType, string? FromState, string ToState, string? Note = null);
