using Microsoft.Extensions.Options;
using Sagas;

namespace OrderFulfillment;

/// <summary>Failures the sample injects, from the <c>Sample:Failures</c> settings, so a run shows every outcome.</summary>
public sealed class InjectedFailures
{
    /// <summary>The share of payments the payment service declines, from 0 to 1. Default: 0.</summary>
    public double PaymentDeclineRate { get; set; }

    /// <summary>Whether this order is among the declined: decided by its id, so a redelivery decides the same.</summary>
    public bool Declines(Guid orderId) => (orderId.GetHashCode() & 0xFFFF) / 65536.0 < PaymentDeclineRate;
}

/// <summary>The payment service: captures and refunds payments, replying with events; declines some when told to.</summary>
public sealed class PaymentService(IOptions<InjectedFailures> failures) : IMessageHandler<CapturePayment>, IMessageHandler<RefundPayment>
{
    public ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken)
    {
        if (failures.Value.Declines(message.OrderId))
        {
            context.Publish(new PaymentDeclined(message.OrderId, "card declined (injected by Sample:Failures:PaymentDeclineRate)"));
        }
        else
        {
            context.Publish(new PaymentCaptured(message.OrderId, "pay-" + message.OrderId.ToString("N")[..8]));
        }

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
