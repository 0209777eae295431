using Sagas;

namespace OrderFulfillment;

/// <summary>The payment service: captures and refunds payments, replying with events.</summary>
public sealed class PaymentService : IMessageHandler<CapturePayment>, IMessageHandler<RefundPayment>
{
    public ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken)
    {
        context.Publish(new PaymentCaptured(message.OrderId, "pay-" + message.OrderId.ToString("N")[..8]));
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(RefundPayment message, MessageContext context, CancellationToken cancellationToken)
    {
        context.Publish(new PaymentRefunded(message.OrderId, message.PaymentId));
        return ValueTask.CompletedTask;
    }
}

/// <summary>The inventory service: reserves stock, unless the item is out of stock.</summary>
public sealed class InventoryService : IMessageHandler<ReserveStock>
{
    /// <summary>The item the warehouse never has.</summary>
    public const string OutOfStockSku = "sku-out-of-stock";

    public ValueTask HandleAsync(ReserveStock message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.Sku == OutOfStockSku)
        {
            context.Publish(new StockUnavailable(message.OrderId, message.Sku));
        }
        else
        {
            context.Publish(new StockReserved(message.OrderId));
        }

        return ValueTask.CompletedTask;
    }
}
