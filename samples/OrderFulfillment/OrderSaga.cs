using Sagas;

namespace OrderFulfillment;

/// <summary>What the order saga keeps between messages.</summary>
public sealed class OrderData
{
    [CorrelationId] public Guid OrderId { get; set; }
    public decimal Amount { get; set; }
    public string Sku { get; set; } = "";
    public string? PaymentId { get; set; }
}

/// <summary>
/// Takes an order from placement to shipment: capture the payment, reserve the stock, ship. When
/// the stock is unavailable or the shipment does not come in time, the completed steps are undone
/// newest first, each compensation awaiting its confirmation: release the stock, then refund the
/// payment. A declined or late payment drops the order, with nothing to undo; a capture that comes
/// after the order was dropped is refunded, the order staying Compensated.
/// </summary>
[Saga]
[Ignore(typeof(PaymentTimedOut), State.AwaitingStock, State.AwaitingShipment, State.Completed, State.Compensated, State.Failed)] // lost the race with the payment
[Ignore(typeof(ShipmentTimedOut), State.Completed)] // lost the race with the shipment
[Ignore(typeof(PaymentRefunded), State.Compensated)] // the confirmation of a late capture's refund
public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>
{
    public static TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromSeconds(30); // --Sample:PaymentTimeout
    public static readonly TimeSpan ShipmentTimeout = TimeSpan.FromSeconds(30);

    public enum State { AwaitingPayment, AwaitingStock, AwaitingShipment, [Final] Completed, [Final] Compensated, [Final] Failed }

    [StartedBy, Then(State.AwaitingPayment)]
    public void On(OrderPlaced e, MessageContext context)
    {
        Data.OrderId = e.OrderId;
        Data.Amount = e.Amount;
        Data.Sku = e.Sku;
        context.Send(new CapturePayment(e.OrderId, e.Amount));
        context.Schedule(new PaymentTimedOut(e.OrderId), PaymentTimeout);
    }

    [When(State.AwaitingPayment), Then(State.AwaitingStock), CompensatedBy(nameof(Refund), ConfirmedBy = typeof(PaymentRefunded))]
    public void On(PaymentCaptured e, MessageContext context)
    {
        Data.PaymentId = e.PaymentId;
        context.CancelScheduled<PaymentTimedOut>();
        context.Send(new ReserveStock(e.OrderId, Data.Sku));
    }

    [When(State.AwaitingPayment), Then(State.Compensated)]
    public void On(PaymentDeclined e, MessageContext context) => context.CancelScheduled<PaymentTimedOut>();

    [When(State.AwaitingPayment), Then(State.Compensated)]
    public void On(PaymentTimedOut e)
    {
    }

    [When(State.AwaitingStock), Then(State.AwaitingShipment), CompensatedBy(nameof(Release), ConfirmedBy = typeof(StockReleased))]
    public void On(StockReserved e, MessageContext context)
    {
        context.Send(new ShipOrder(e.OrderId, Data.Sku));
        context.Schedule(new ShipmentTimedOut(e.OrderId), ShipmentTimeout);
    }

    [When(State.AwaitingStock), Then(State.Compensated), Compensate(FailedState = State.Failed)]
    public void On(StockUnavailable e)
    {
    }

    [When(State.AwaitingShipment), Then(State.Completed)]
    public void On(OrderShipped e, MessageContext context) => context.CancelScheduled<ShipmentTimedOut>();

    [When(State.AwaitingShipment), Then(State.Compensated), Compensate(FailedState = State.Failed)]
    public void On(ShipmentTimedOut e)
    {
    }

    // The payment timed out (or was compensated) before this capture was handled: the money is
    // taken all the same, so give it back. The payment service refunds a payment id once.
    [When(State.Compensated), Then(State.Compensated)]
    public void Late(PaymentCaptured e, MessageContext context)
    {
        Data.PaymentId ??= e.PaymentId;
        context.Send(new RefundPayment(e.OrderId, e.PaymentId));
    }

    private void Refund(MessageContext context) => context.Send(new RefundPayment(Data.OrderId, Data.PaymentId!));

    private void Release(MessageContext context) => context.Send(new ReleaseStock(Data.OrderId, Data.Sku));
}
