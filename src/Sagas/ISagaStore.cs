namespace Sagas;

/// <summary>
/// Where saga instances live between messages. A save is one atomic step: the state, the id of the
/// message handled (the inbox) and the messages the handler emitted (the outbox) are written
/// together, and only if the instance's version is still the one that was loaded.
/// </summary>
public interface ISagaStore
{
    /// <summary>
    /// Loads an instance, and whether it has already handled <paramref name="messageId"/>; if it
    /// has, also the outbox entries not yet relayed.
    /// </summary>
    /// <returns>The instance, or <see langword="null"/> when none exists.</returns>
    ValueTask<SagaSnapshot?> LoadAsync(SagaKey key, string messageId, CancellationToken cancellationToken);

    /// <summary>Saves a step if the instance's version is still <see cref="SagaCommit.ExpectedVersion"/>.</summary>
    /// <returns><see langword="false"/> when another save came first (a version conflict); nothing was written.</returns>
    ValueTask<bool> TryCommitAsync(SagaCommit commit, CancellationToken cancellationToken);

    /// <summary>Removes outbox entries once they have been handed to the transport.</summary>
    ValueTask RemoveFromOutboxAsync(SagaKey key, IReadOnlyList<string> messageIds, CancellationToken cancellationToken);
}

/// <summary>Identifies one saga instance in a store.</summary>
/// <param name="SagaName">The saga's stable name (<see cref="ISagaDefinition.Name"/>).</param>
/// <param name="CorrelationKey">The instance's correlation key.</param>
public readonly record struct SagaKey(string SagaName, string CorrelationKey)
{
    /// <inheritdoc/>
    public override string ToString() => $"{SagaName}/{CorrelationKey}";
}

/// <summary>A saved saga instance.</summary>
/// <param name="State">The name of its current state.</param>
/// <param name="Data">Its data and compensation log, as the generated code saved them.</param>
/// <param name="Version">Its version: 1 after the first save, one more after each.</param>
/// <param name="AlreadyHandled">Whether the message being handled is already in its inbox.</param>
/// <param name="IsFinal">Whether the instance has finished (a final state, or <see cref="MessageContext.Complete"/>).</param>
/// <param name="PendingOutbox">
/// When <paramref name="AlreadyHandled"/>: the outbox entries not yet relayed, because a worker
/// stopped between a save and its relay; the engine relays those the redelivered message caused.
/// </param>
public sealed record SagaSnapshot(string State, SagaDocument Data, long Version, bool AlreadyHandled, bool IsFinal = false, IReadOnlyList<Envelope>? PendingOutbox = null);

/// <summary>One atomic save of a saga step.</summary>
/// <param name="Key">The instance.</param>
/// <param name="State">Its new state.</param>
/// <param name="Data">Its new data.</param>
/// <param name="IsFinal">Whether the new state is final.</param>
/// <param name="ExpectedVersion">The version loaded before the step; 0 for a new instance.</param>
/// <param name="MessageId">The handled message, recorded in the inbox.</param>
/// <param name="Outbox">The messages the step emitted, relayed after the save.</param>
/// <param name="FromState">The state before the step, for the history; <see langword="null"/> when the step started the instance.</param>
/// <param name="MessageType">The wire name of the handled message, for the history.</param>
public sealed record SagaCommit(
    SagaKey Key,
    string State,
    SagaDocument Data,
    bool IsFinal,
    long ExpectedVersion,
    string MessageId,
    IReadOnlyList<Envelope> Outbox,
    string? FromState = null,
    string MessageType = "")
{
    /// <summary>
    /// The wire names of the message types whose earlier scheduled messages the step cancels
    /// (<see cref="MessageContext.CancelScheduled{TMessage}"/>); an <see cref="IDeliveringSagaStore"/>
    /// cancels them in the save, any other store leaves them to the engine.
    /// </summary>
    public IReadOnlyList<string> CancelledSchedules { get; init; } = [];

    /// <summary>
    /// The received message this save finishes handling, when this step is its only handling; an
    /// <see cref="IDeliveringSagaStore"/> of the same broker may acknowledge it in the save.
    /// <see langword="null"/> when the message has other handlings to come, or was not received from a transport.
    /// </summary>
    public IncomingMessage? Settles { get; init; }

    /// <summary>
    /// Whether this is a participant's record of a handled message rather than a saga's step: a
    /// store keeps it for the inbox, and leaves it out of the read model of saga states (<see cref="ISagaStateIndex"/>).
    /// </summary>
    public bool IsHandlerRecord { get; init; }
}
