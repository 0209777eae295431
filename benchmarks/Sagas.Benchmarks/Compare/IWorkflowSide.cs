using OrderFulfillment;

namespace Sagas.Benchmarks.Compare;

/// <summary>One library running the order workflow in memory, hosted the way its own documentation shows.</summary>
internal interface IWorkflowSide : IAsyncDisposable
{
    /// <summary>The name printed in the table.</summary>
    string Name { get; }

    /// <summary>Counted by the side: every transition, every finished saga.</summary>
    OrderTally Tally { get; }

    /// <summary>Settings worth printing (concurrency, versions).</summary>
    IReadOnlyDictionary<string, string> Notes { get; }

    /// <summary>Builds and starts the host.</summary>
    Task StartAsync();

    /// <summary>Places an order the way an application would: publishes OrderPlaced on the library's bus.</summary>
    ValueTask PlaceAsync(OrderPlaced order);

    /// <summary>Reads the final state of each order from the side's own saga store (Completed, Compensated, or something else).</summary>
    Task<IReadOnlyDictionary<Guid, string>> ReadStatesAsync(IReadOnlyCollection<Guid> orders);
}
