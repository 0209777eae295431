namespace OrderFulfillment;

/// <summary>
/// The payments refunded so far, so that a refund runs once per payment id however often it is
/// asked for: a compensation sent again after its timeout, or a late capture refunded by the saga.
/// </summary>
public interface IRefundLedger
{
    /// <summary>Records <paramref name="paymentId"/> as refunded; <see langword="false"/> when it already was.</summary>
    ValueTask<bool> TryRecordAsync(string paymentId, CancellationToken cancellationToken);
}

/// <summary>The ledger of a sample run in one process, in memory.</summary>
public sealed class InMemoryRefundLedger : IRefundLedger
{
    private readonly HashSet<string> _refunded = [];
    private readonly Lock _gate = new();

    public ValueTask<bool> TryRecordAsync(string paymentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_refunded.Add(paymentId));
        }
    }
}
