using Sagas;

namespace Choreography;

/// <summary>
/// Follows the launcher's orders by the events every service publishes, and counts how each ended:
/// shipped, rejected by payment, or compensated (refunded, and the stock released if it was reserved).
/// </summary>
public sealed class FlowOutcomes
{
    private readonly Dictionary<Guid, HashSet<string>> _seen = [];
    private readonly TaskCompletionSource _allFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _completed;
    private int _rejected;
    private int _compensated;

    public int Completed => Volatile.Read(ref _completed);

    public int Rejected => Volatile.Read(ref _rejected);

    public int Compensated => Volatile.Read(ref _compensated);

    public int Finished => Completed + Rejected + Compensated;

    /// <summary>The first order that was compensated, to show its flow.</summary>
    public Guid? FirstCompensated { get; private set; }

    /// <summary>Follows <paramref name="orderId"/>; events of orders not followed (an earlier run's) are not counted.</summary>
    public void Follow(Guid orderId)
    {
        lock (_seen)
        {
            _seen.TryAdd(orderId, []);
        }
    }

    /// <summary>Completes once every followed order has finished.</summary>
    public Task WaitForAllAsync(CancellationToken cancellationToken)
    {
        CheckFinished();
        return _allFinished.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Records that <paramref name="orderId"/>'s flow published <paramref name="eventName"/>.</summary>
    public void Saw(Guid orderId, string eventName)
    {
        lock (_seen)
        {
            if (!_seen.TryGetValue(orderId, out var seen) || IsFinished(seen) || !seen.Add(eventName))
            {
                return; // not ours, already counted, or a redelivery
            }

            switch (eventName)
            {
                case nameof(OrderShipped):
                    _completed++;
                    break;
                case nameof(PaymentRejected):
                    _rejected++;
                    break;
                default:
                    if (IsFinished(seen))
                    {
                        _compensated++;
                        FirstCompensated ??= orderId;
                    }

                    break;
            }
        }

        CheckFinished();
    }

    // Compensated: the payment refunded, and the stock released unless it was never reserved.
    private static bool IsFinished(HashSet<string> seen) =>
        seen.Contains(nameof(OrderShipped)) || seen.Contains(nameof(PaymentRejected))
        || (seen.Contains(nameof(PaymentRefunded)) && (seen.Contains(nameof(StockUnavailable)) || seen.Contains(nameof(StockReleased))));

    private void CheckFinished()
    {
        lock (_seen)
        {
            if (_seen.Count > 0 && Finished == _seen.Count)
            {
                _allFinished.TrySetResult();
            }
        }
    }
}

/// <summary>The launcher's own service: it subscribes to the events that end a flow, or undo it.</summary>
[Participant]
public sealed class OutcomeListener(FlowOutcomes outcomes) :
    IMessageHandler<OrderShipped>, IMessageHandler<PaymentRejected>, IMessageHandler<StockUnavailable>, IMessageHandler<PaymentRefunded>, IMessageHandler<StockReleased>
{
    public ValueTask HandleAsync(OrderShipped message, MessageContext context, CancellationToken cancellationToken) => Saw(message.OrderId, nameof(OrderShipped));

    public ValueTask HandleAsync(PaymentRejected message, MessageContext context, CancellationToken cancellationToken) => Saw(message.OrderId, nameof(PaymentRejected));

    public ValueTask HandleAsync(StockUnavailable message, MessageContext context, CancellationToken cancellationToken) => Saw(message.OrderId, nameof(StockUnavailable));

    public ValueTask HandleAsync(PaymentRefunded message, MessageContext context, CancellationToken cancellationToken) => Saw(message.OrderId, nameof(PaymentRefunded));

    public ValueTask HandleAsync(StockReleased message, MessageContext context, CancellationToken cancellationToken) => Saw(message.OrderId, nameof(StockReleased));

    private ValueTask Saw(Guid orderId, string eventName)
    {
        outcomes.Saw(orderId, eventName);
        return ValueTask.CompletedTask;
    }
}
