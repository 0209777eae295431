using System.Buffers.Binary;

namespace OrderFulfillment;

/// <summary>
/// Failures the sample injects, from the <c>Sample:Failures</c> settings, so a run shows every
/// outcome. Whether an order is hit is decided by its id, so a redelivery or another process
/// decides the same; each failure reads different bytes of the id, so they are independent.
/// </summary>
public sealed class InjectedFailures
{
    /// <summary>The share of payments the payment service declines, from 0 to 1. Default: 0.</summary>
    public double PaymentDeclineRate { get; set; }

    /// <summary>The share of orders whose item the inventory service finds out of stock, besides the <c>sku-out-of-stock</c> item. Default: 0.</summary>
    public double StockOutRate { get; set; }

    /// <summary>The share of shipments the shipping service never confirms, so that they time out. Default: 0.</summary>
    public double ShippingTimeoutRate { get; set; }

    /// <summary>The share of refunds the payment service fails every time, so that the order ends Failed. Default: 0.</summary>
    public double RefundFailureRate { get; set; }

    /// <summary>How long the bank takes to answer each capture, so that a backlog builds up under load. Default: none.</summary>
    public TimeSpan PaymentDelay { get; set; }

    /// <summary>
    /// How long the bank is unreachable from the payment service's first capture: captures fail,
    /// are retried, then dead-lettered, and the orders wait for their payment until an operator
    /// replays them (from the inspector, say). Default: none.
    /// </summary>
    public TimeSpan BankOutage { get; set; }

    // From the first capture the process handles: the outage is the payment service's.
    private static readonly Lazy<long> FirstCapture = new(System.Diagnostics.Stopwatch.GetTimestamp);

    public bool BankIsDown() => BankOutage > TimeSpan.Zero && System.Diagnostics.Stopwatch.GetElapsedTime(FirstCapture.Value) < BankOutage;

    public bool Declines(Guid orderId) => Hits(orderId, 0, PaymentDeclineRate);

    public bool StocksOut(Guid orderId) => Hits(orderId, 10, StockOutRate);

    public bool LosesShipment(Guid orderId) => Hits(orderId, 2, ShippingTimeoutRate);

    public bool FailsRefund(Guid orderId) => Hits(orderId, 4, RefundFailureRate);

    // Two bytes of the id as a fraction of 1; offsets 0-5 and 10-15 are random in version 4 and 7 Guids.
    private static bool Hits(Guid orderId, int offset, double rate)
    {
        Span<byte> bytes = stackalloc byte[16];
        orderId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]) / 65536.0 < rate;
    }
}
