namespace Sagas;

/// <summary>
/// The read model of saga states (the query side of CQRS), projected from the steps the store
/// saves: per saga type, how many instances are in each state, and the instances of a state by
/// their last change, oldest first, so that "live and unchanged for more than N minutes" (the
/// stuck ones) is one query. The saga stores keep it with each save; resolve it from the container.
/// </summary>
/// <remarks>
/// Finished instances are listed while the store keeps them (<c>CompletedRetention</c>).
/// Participants' records of handled messages are not sagas and are not listed.
/// </remarks>
public interface ISagaStateIndex
{
    /// <summary>The states of a saga type that hold instances now, with how many each.</summary>
    /// <param name="sagaName">The saga's name (<see cref="ISagaDefinition.Name"/>).</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    ValueTask<IReadOnlyList<SagaStateCount>> CountByStateAsync(string sagaName, CancellationToken cancellationToken);

    /// <summary>
    /// The instances of a saga type in one state, least recently changed first; with
    /// <paramref name="changedBefore"/>, only those unchanged since then.
    /// </summary>
    /// <param name="sagaName">The saga's name.</param>
    /// <param name="state">The state.</param>
    /// <param name="changedBefore">Only instances whose last change is older; <see langword="null"/> for all.</param>
    /// <param name="skip">How many to skip, for paging.</param>
    /// <param name="take">How many to return at most.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    ValueTask<IReadOnlyList<SagaStateEntry>> ListAsync(string sagaName, string state, DateTimeOffset? changedBefore, int skip, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Rebuilds a saga type's index from its instances in the store, after which it is exact
    /// (for a store where the index is kept apart from the instances and could fall behind).
    /// </summary>
    /// <returns>How many instances the index holds afterwards.</returns>
    ValueTask<int> RebuildAsync(string sagaName, CancellationToken cancellationToken);
}

/// <summary>How many instances of a saga type are in one state.</summary>
/// <param name="State">The state's name.</param>
/// <param name="Count">How many instances are in it.</param>
public readonly record struct SagaStateCount(string State, long Count);

/// <summary>One instance as the read model of saga states lists it.</summary>
/// <param name="CorrelationKey">The instance's key.</param>
/// <param name="State">Its state.</param>
/// <param name="ChangedAt">When its last step was saved, by the store's clock.</param>
public sealed record SagaStateEntry(string CorrelationKey, string State, DateTimeOffset ChangedAt);
