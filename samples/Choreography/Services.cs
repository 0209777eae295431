using Sagas;

namespace Choreography;

/// <summary>
/// Charges an order when it is placed, unless it is over the credit limit; refunds it when a later
/// service fails the order (stock unavailable, shipment failed).
/// </summary>
[Participant]
public sealed class PaymentService : IMessageHandler<OrderPlaced>, IMessageHandler<StockUnavailable>, IMessageHandler<ShipmentFailed>
{
    /// <summary>Orders above this amount are rejected.</summary>
    public const decimal CreditLimit = 1000m;

    public ValueTask HandleAsync(OrderPlaced message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.Amount > CreditLimit)
        {
            context.Publish(new PaymentRejected(message.OrderId, $"{message.Amount} is over the credit limit of {CreditLimit}"));
        }
        else
        {
            context.Publish(new PaymentCharged(message.OrderId, PaymentIdOf(message.OrderId), message.Sku, message.Destination));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(StockUnavailable message, MessageContext context, CancellationToken cancellationToken) => Refund(message.OrderId, context);

    public ValueTask HandleAsync(ShipmentFailed message, MessageContext context, CancellationToken cancellationToken) => Refund(message.OrderId, context);

    // Both failures come after a charge: there is always something to refund.
    private static ValueTask Refund(Guid orderId, MessageContext context)
    {
        context.Publish(new PaymentRefunded(orderId, PaymentIdOf(orderId)));
        return ValueTask.CompletedTask;
    }

    private static string PaymentIdOf(Guid orderId) => "pay-" + orderId.ToString("N")[..8];
}

/// <summary>Reserves the stock of a paid order, unless the item is out of stock; releases it when the shipment fails.</summary>
[Participant]
public sealed class InventoryService : IMessageHandler<PaymentCharged>, IMessageHandler<ShipmentFailed>
{
    /// <summary>The item the warehouse never has.</summary>
    public const string OutOfStockSku = "sku-out-of-stock";

    public ValueTask HandleAsync(PaymentCharged message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.Sku == OutOfStockSku)
        {
            context.Publish(new StockUnavailable(message.OrderId, message.Sku));
        }
        else
        {
            context.Publish(new StockReserved(message.OrderId, message.Sku, message.Destination));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ShipmentFailed message, MessageContext context, CancellationToken cancellationToken)
    {
        context.Publish(new StockReleased(message.OrderId, message.Sku));
        return ValueTask.CompletedTask;
    }
}

/// <summary>Ships an order once its stock is reserved, unless no carrier serves its destination.</summary>
[Participant]
public sealed class ShippingService : IMessageHandler<StockReserved>
{
    /// <summary>The destination no carrier serves.</summary>
    public const string UnservedDestination = "Atlantis";

    public ValueTask HandleAsync(StockReserved message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.Destination == UnservedDestination)
        {
            context.Publish(new ShipmentFailed(message.OrderId, message.Sku, $"no carrier delivers to {message.Destination}"));
        }
        else
        {
            context.Publish(new OrderShipped(message.OrderId, "track-" + message.OrderId.ToString("N")[..8]));
        }

        return ValueTask.CompletedTask;
    }
}
