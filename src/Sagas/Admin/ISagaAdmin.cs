namespace Sagas;

/// <summary>
/// What an operator asks of the sagas of an application: which saga types there are and how many
/// instances each state holds, the instances of a state, the stuck ones, and one instance in full.
/// Works in memory and on Redis; resolve it from the container (<c>AddSagas</c> registers it).
/// </summary>
public interface ISagaAdmin
{
    /// <summary>
    /// Every saga type of the application, and those other services sharing the store declared in
    /// the catalog (on Redis), with their instances counted by state.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    ValueTask<IReadOnlyList<SagaTypeSummary>> GetSagaTypesAsync(CancellationToken cancellationToken);

    /// <summary>The instances of a saga type in one state, least recently changed first.</summary>
    /// <param name="sagaName">The saga's name (<see cref="ISagaDefinition.Name"/>).</param>
    /// <param name="state">The state.</param>
    /// <param name="skip">How many to skip, for paging.</param>
    /// <param name="take">How many to return at most (1 to 1,000).</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <exception cref="ArgumentException">No such saga, or no such state of it.</exception>
    ValueTask<IReadOnlyList<SagaStateEntry>> GetInstancesAsync(string sagaName, string state, int skip, int take, CancellationToken cancellationToken);

    /// <summary>
    /// The live instances of a saga type (in any state but a final one) unchanged for longer than
    /// <paramref name="unchangedFor"/>, the longest unchanged first.
    /// </summary>
    /// <param name="sagaName">The saga's name.</param>
    /// <param name="unchangedFor">How long without a step makes an instance stuck.</param>
    /// <param name="take">How many to return at most (1 to 1,000).</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <exception cref="ArgumentException">No such saga.</exception>
    ValueTask<IReadOnlyList<SagaStateEntry>> GetStuckAsync(string sagaName, TimeSpan unchangedFor, int take, CancellationToken cancellationToken);

    /// <summary>One instance in full; <see langword="null"/> when the store holds none under that key.</summary>
    /// <param name="sagaName">The saga's name.</param>
    /// <param name="correlationKey">The instance's key.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <exception cref="ArgumentException">No such saga.</exception>
    ValueTask<SagaInstanceDetails?> GetInstanceAsync(string sagaName, string correlationKey, CancellationToken cancellationToken);

    /// <summary>
    /// Sends <paramref name="message"/> to one live instance (a confirmation an operator obtained by
    /// hand, say), once its state is known to accept it; the note "sent {type} by {sentBy}" goes
    /// into the instance's history first. The workers handle it like any other message.
    /// </summary>
    /// <param name="sagaName">The saga's name.</param>
    /// <param name="correlationKey">The instance's key, which the message must carry.</param>
    /// <param name="message">A registered message the instance's state handles.</param>
    /// <param name="sentBy">Who sends it, for the history.</param>
    /// <param name="cancellationToken">Stops waiting for the store and the transport.</param>
    /// <exception cref="ArgumentException">No such saga, or the message routes to another instance.</exception>
    /// <exception cref="InvalidOperationException">No such instance, it has finished, or its state does not accept the message.</exception>
    /// <exception cref="UnknownMessageTypeException">The message's type is not registered.</exception>
    ValueTask SendAsync(string sagaName, string correlationKey, object message, string sentBy, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a finished instance with its inbox, history and read-model entry, for good; logged
    /// with who did it, since no history is left to record it in.
    /// </summary>
    /// <param name="sagaName">The saga's name.</param>
    /// <param name="correlationKey">The instance's key.</param>
    /// <param name="deletedBy">Who deletes it, for the log.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns><see langword="false"/> when no instance has that key.</returns>
    /// <exception cref="ArgumentException">No such saga.</exception>
    /// <exception cref="InvalidOperationException">The instance is live or still has messages to relay, or the store cannot delete (it does not implement <see cref="ISagaStoreMaintenance"/>).</exception>
    ValueTask<bool> DeleteAsync(string sagaName, string correlationKey, string deletedBy, CancellationToken cancellationToken);
}

/// <summary>A saga type and how many instances each of its states holds.</summary>
/// <param name="Name">The saga's name.</param>
/// <param name="Description">Its state machine, as generated.</param>
/// <param name="Counts">Every declared state (and the compensating state when it holds instances) with its count, in declaration order.</param>
public sealed record SagaTypeSummary(string Name, SagaDescription Description, IReadOnlyList<SagaStateCount> Counts)
{
    /// <summary>The service that runs it, when another service declared it in the catalog (<see cref="ISagaCatalog"/>); <see langword="null"/> for this app's own.</summary>
    public string? Service { get; init; }

    /// <summary>Whether this app runs it, and so can send to its instances (<see cref="ISagaAdmin.SendAsync"/>).</summary>
    public bool RunsHere { get; init; } = true;
}

/// <summary>One saga instance in full.</summary>
/// <param name="Key">The instance.</param>
/// <param name="State">Its state.</param>
/// <param name="IsFinal">Whether it has finished.</param>
/// <param name="Version">Its version: how many steps were saved.</param>
/// <param name="DocumentJson">Its data and compensation log, as saved: <c>{"data":…,"steps":[…],"undone":[…],"compensating":…}</c>.</param>
/// <param name="History">Its saved steps, oldest first.</param>
/// <param name="Accepts">The wire names of the messages its state accepts (from the generated description): while compensating, the confirmations its compensations await; none once finished unless a final state declares a handler.</param>
/// <param name="Flow">Every message of its flow (its key as the correlation id) the transport keeps, oldest first.</param>
/// <param name="PendingOutbox">Messages its steps emitted that are not yet relayed (empty in normal running; empty too when the store cannot tell).</param>
/// <param name="Scheduled">Its scheduled messages still to come, soonest first (empty when the scheduler cannot tell).</param>
public sealed record SagaInstanceDetails(
    SagaKey Key,
    string State,
    bool IsFinal,
    long Version,
    string DocumentJson,
    IReadOnlyList<SagaHistoryEntry> History,
    IReadOnlyList<string> Accepts,
    IReadOnlyList<Envelope> Flow,
    IReadOnlyList<Envelope> PendingOutbox,
    IReadOnlyList<Envelope> Scheduled);
