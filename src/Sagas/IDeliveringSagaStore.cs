namespace Sagas;

/// <summary>
/// A store that can carry out a whole step in its one atomic save: besides the state, the inbox and
/// the history, it hands the step's messages to the transport, schedules its timeouts and cancels
/// those it cancels (<see cref="SagaCommit.CancelledSchedules"/>), and acknowledges the message the
/// step handled (<see cref="SagaCommit.Settles"/>). Nothing is then left for the engine to relay,
/// and no crash can come between the save and the delivery. The Redis store does this in one script
/// when the transport and the scheduler are Redis's too.
/// </summary>
public interface IDeliveringSagaStore : ISagaStore
{
    /// <summary>
    /// Loads an instance to handle a message, as <see cref="ISagaStore.LoadAsync"/> does, but may
    /// answer from what this process saved last, without asking the store: then
    /// <see cref="SagaSnapshot.AlreadyHandled"/> may be <see langword="false"/> for a message handled
    /// earlier, or the version may be stale, and the save refuses the step
    /// (<see cref="SagaCommitResult.Conflict"/>); the engine then loads with
    /// <see cref="ISagaStore.LoadAsync"/>, which is always exact.
    /// </summary>
    ValueTask<SagaSnapshot?> LoadForStepAsync(SagaKey key, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a step if the instance's version is still <see cref="SagaCommit.ExpectedVersion"/>,
    /// and delivers its messages with it when it can.
    /// </summary>
    /// <returns>
    /// <see cref="SagaCommitResult.Conflict"/> when another save came first (nothing was written);
    /// <see cref="SagaCommitResult.Saved"/> when the step was saved as <see cref="ISagaStore.TryCommitAsync"/>
    /// saves it and the engine relays its outbox; <see cref="SagaCommitResult.Delivered"/> when its
    /// messages were delivered, its cancellations made and <see cref="SagaCommit.Settles"/> acknowledged too.
    /// </returns>
    ValueTask<SagaCommitResult> TryCommitAndDeliverAsync(SagaCommit commit, CancellationToken cancellationToken);
}

/// <summary>What became of a step given to <see cref="IDeliveringSagaStore.TryCommitAndDeliverAsync"/>.</summary>
public enum SagaCommitResult
{
    /// <summary>Another save came first; nothing was written.</summary>
    Conflict,

    /// <summary>Saved with its outbox; the messages are still to be relayed and the cancellations to be made.</summary>
    Saved,

    /// <summary>Saved, its messages delivered, its cancellations made and the incoming message acknowledged, all at once.</summary>
    Delivered,
}
