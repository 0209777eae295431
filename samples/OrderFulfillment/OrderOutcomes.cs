using System.Collections.Concurrent;
using Sagas;

namespace OrderFulfillment;

/// <summary>How many of the orders placed reached each final state.</summary>
public sealed record OrderCounts(int Placed, int Completed, int Compensated, int Failed)
{
    public int Finished => Completed + Compensated + Failed;
}

/// <summary>
/// Prints every saga transition this process makes, and counts the orders' outcomes from the saga
/// store: with several order processes on Redis, each sees only the transitions it makes itself.
/// </summary>
public sealed class OrderOutcomes(ISagaStore store) : ISagaObserver
{
    // Read-only: a message id no order has handled, so loading an order has no other effect.
    private const string CountingProbe = "sample-outcome-count";

    // A finished order stays in its final state (a late message handled there keeps it), so it is read once.
    private readonly ConcurrentDictionary<Guid, string> _finished = new();

    /// <summary>Reads from the store the orders not yet seen finished, and counts the outcomes of <paramref name="orders"/>.</summary>
    public async Task<OrderCounts> CountAsync(IReadOnlyList<Guid> orders, CancellationToken cancellationToken)
    {
        var open = orders.Where(o => !_finished.ContainsKey(o)).ToList();
        var snapshots = await Task.WhenAll(open.Select(o => store.LoadAsync(Key(o), CountingProbe, cancellationToken).AsTask()));
        for (var i = 0; i < open.Count; i++)
        {
            if (snapshots[i] is { IsFinal: true } snapshot)
            {
                _finished[open[i]] = snapshot.State;
            }
        }

        int Count(OrderSaga.State state) => orders.Count(o => _finished.TryGetValue(o, out var s) && s == state.ToString());
        return new OrderCounts(orders.Count, Count(OrderSaga.State.Completed), Count(OrderSaga.State.Compensated), Count(OrderSaga.State.Failed));
    }

    public void OnTransition(SagaTransition transition) =>
        Console.WriteLine($"order {transition.Key.CorrelationKey[..8]}: {transition.FromState ?? "(new)",-16} -> {transition.ToState,-16} on {transition.MessageType}");

    private static SagaKey Key(Guid orderId) => new(OrderSaga.SagaDefinition.Instance.Name, orderId.ToString("D"));
}
