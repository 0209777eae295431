using Sagas;

namespace OrderFulfillment;

/// <summary>Prints every saga transition and counts the orders that reached each final state.</summary>
public sealed class OrderOutcomes : ISagaObserver
{
    private readonly TaskCompletionSource _allFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected = int.MaxValue;
    private int _completed;
    private int _compensated;
    private int _failed;

    public int Completed => Volatile.Read(ref _completed);

    public int Compensated => Volatile.Read(ref _compensated);

    public int Failed => Volatile.Read(ref _failed);

    public int Finished => Completed + Compensated + Failed;

    /// <summary>Completes when <paramref name="orders"/> orders have finished.</summary>
    public Task WaitForAsync(int orders, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _expected, orders);
        CheckFinished();
        return _allFinished.Task.WaitAsync(cancellationToken);
    }

    public void OnTransition(SagaTransition transition)
    {
        Console.WriteLine($"order {transition.Key.CorrelationKey[..8]}: {transition.FromState ?? "(new)",-16} -> {transition.ToState,-16} on {transition.MessageType}");
        if (transition.FromState == transition.ToState)
        {
            return; // a late message handled where the order already was: counted when it got there
        }

        if (transition.ToState == nameof(OrderSaga.State.Completed))
        {
            Interlocked.Increment(ref _completed);
        }
        else if (transition.ToState == nameof(OrderSaga.State.Compensated))
        {
            Interlocked.Increment(ref _compensated);
        }
        else if (transition.ToState == nameof(OrderSaga.State.Failed))
        {
            Interlocked.Increment(ref _failed);
        }

        CheckFinished();
    }

    private void CheckFinished()
    {
        if (Finished >= Volatile.Read(ref _expected))
        {
            _allFinished.TrySetResult();
        }
    }
}
