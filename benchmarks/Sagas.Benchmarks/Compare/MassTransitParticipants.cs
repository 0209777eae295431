using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderFulfillment;

namespace Sagas.Benchmarks.Compare;

// The sample's participants (samples/OrderFulfillment/Participants.cs) as MassTransit consumers:
// the same checks, the same replies, the same refund ledger.

/// <summary>The payment service: captures and refunds payments.</summary>
public sealed class PaymentConsumer(IOptions<InjectedFailures> failures, IRefundLedger ledger, ILogger<PaymentConsumer> logger) : IConsumer<CapturePayment>, IConsumer<RefundPayment>
{
    public Task Consume(ConsumeContext<CapturePayment> context)
    {
        var orderId = context.Message.OrderId;
        return failures.Value.Declines(orderId)
            ? context.Publish(new PaymentDeclined(orderId, "card declined"))
            : context.Publish(new PaymentCaptured(orderId, "pay-" + orderId.ToString("N")[..8]));
    }

    public async Task Consume(ConsumeContext<RefundPayment> context)
    {
        var message = context.Message;
        if (await ledger.TryRecordAsync(message.PaymentId, context.CancellationToken))
        {
            logger.LogInformation("Payment {PaymentId} refunded", message.PaymentId);
        }
        else
        {
            logger.LogInformation("Payment {PaymentId} was already refunded; not refunded again", message.PaymentId);
        }

        await context.Publish(new PaymentRefunded(message.OrderId, message.PaymentId));
    }
}

/// <summary>The inventory service: reserves stock, unless the item is out of stock, and releases it.</summary>
public sealed class InventoryConsumer(IOptions<InjectedFailures> failures) : IConsumer<ReserveStock>, IConsumer<ReleaseStock>
{
    public Task Consume(ConsumeContext<ReserveStock> context)
    {
        var message = context.Message;
        return message.Sku == InventoryService.OutOfStockSku || failures.Value.StocksOut(message.OrderId)
            ? context.Publish(new StockUnavailable(message.OrderId, message.Sku))
            : context.Publish(new StockReserved(message.OrderId));
    }

    public Task Consume(ConsumeContext<ReleaseStock> context) => context.Publish(new StockReleased(context.Message.OrderId));
}

/// <summary>The shipping service: ships orders.</summary>
public sealed class ShippingConsumer(IOptions<InjectedFailures> failures, ILogger<ShippingConsumer> logger) : IConsumer<ShipOrder>
{
    public Task Consume(ConsumeContext<ShipOrder> context)
    {
        var orderId = context.Message.OrderId;
        if (failures.Value.LosesShipment(orderId))
        {
            logger.LogWarning("Shipment of order {OrderId} lost", orderId);
            return Task.CompletedTask;
        }

        return context.Publish(new OrderShipped(orderId, "track-" + orderId.ToString("N")[..8]));
    }
}
