using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas;

namespace OrderFulfillment;

/// <summary>
/// The payment service: captures and refunds payments, replying with events; declines or fails some
/// when told to. A payment is refunded once, however many times it is asked to be (the ledger).
/// </summary>
[Participant]
public sealed class PaymentService(IOptions<InjectedFailures> failures, IRefundLedger ledger, ILogger<PaymentService> logger) : IMessageHandler<CapturePayment>, IMessageHandler<RefundPayment>
{
    public async ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken)
    {
        if (failures.Value.PaymentDelay > TimeSpan.Zero)
        {
            await Task.Delay(failures.Value.PaymentDelay, cancellationToken); // the bank's answer, --Sample:Failures:PaymentDelay
        }

        if (failures.Value.BankIsDown())
        {
            throw new HttpRequestException("The bank is unreachable (injected by Sample:Failures:BankOutage).");
        }

        if (failures.Value.Declines(message.OrderId))
        {
            context.Publish(new PaymentDeclined(message.OrderId, "card declined (injected by Sample:Failures:PaymentDeclineRate)"));
        }
        else
        {
            context.Publish(new PaymentCaptured(message.OrderId, "pay-" + message.OrderId.ToString("N")[..8]));
        }
    }

    public async ValueTask HandleAsync(RefundPayment message, MessageContext context, CancellationToken cancellationToken)
    {
        // Thrown on every attempt: the worker retries, then dead-letters the command; the saga
        // sends it again after its compensation timeout, and ends Failed when none is confirmed.
        if (failures.Value.FailsRefund(message.OrderId))
        {
            throw new InvalidOperationException($"Refund of {message.PaymentId} refused by the bank (injected by Sample:Failures:RefundFailureRate).");
        }

        // A second request for one payment (sent again after a slow confirmation, or a late capture
        // refunded after the compensation did) is confirmed again but refunds nothing.
        var first = await ledger.TryRecordAsync(message.PaymentId, cancellationToken);
        if (first)
        {
            logger.LogInformation("Payment {PaymentId} refunded", message.PaymentId);
        }
        else
        {
            logger.LogInformation("Payment {PaymentId} was already refunded; not refunded again", message.PaymentId);
        }

        context.Publish(new PaymentRefunded(message.OrderId, message.PaymentId));
    }
}

/// <summary>The inventory service: reserves stock, unless the item is out of stock, and releases it.</summary>
[Participant]
public sealed class InventoryService(IOptions<InjectedFailures> failures) : IMessageHandler<ReserveStock>, IMessageHandler<ReleaseStock>
{
    /// <summary>The item the warehouse never has.</summary>
    public const string OutOfStockSku = "sku-out-of-stock";

    public ValueTask HandleAsync(ReserveStock message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.Sku == OutOfStockSku || failures.Value.StocksOut(message.OrderId))
        {
            context.Publish(new StockUnavailable(message.OrderId, message.Sku));
        }
        else
        {
            context.Publish(new StockReserved(message.OrderId));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ReleaseStock message, MessageContext context, CancellationToken cancellationToken)
    {
        context.Publish(new StockReleased(message.OrderId));
        return ValueTask.CompletedTask;
    }
}

/// <summary>The shipping service: ships orders, except those it is told to lose, which then time out.</summary>
[Participant]
public sealed class ShippingService(IOptions<InjectedFailures> failures, ILogger<ShippingService> logger) : IMessageHandler<ShipOrder>
{
    public ValueTask HandleAsync(ShipOrder message, MessageContext context, CancellationToken cancellationToken)
    {
        if (failures.Value.LosesShipment(message.OrderId))
        {
            logger.LogWarning("Shipment of order {OrderId} lost (injected by Sample:Failures:ShippingTimeoutRate)", message.OrderId);
        }
        else
        {
            context.Publish(new OrderShipped(message.OrderId, "track-" + message.OrderId.ToString("N")[..8]));
        }

        return ValueTask.CompletedTask;
    }
}
