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
/// Takes an order from placement to completion: capture the payment, then reserve the stock. When
/// the stock is unavailable, the captured payment is refunded (the compensation of its step); when
/// the payment is declined or does not arrive in time, the order is dropped.
/// </summary>
[Saga]
[Ignore(typeof(PaymentTimedOut), State.AwaitingStock, State.Completed, State.Compensated)] // a timeout that lost the race with the payment
public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>
{
    public static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(30);

    public enum State { AwaitingPayment, AwaitingStock, [Final] Completed, [Final] Compensated }

    [StartedBy, Then(State.AwaitingPayment)]
    public void On(OrderPlaced e, MessageContext context)
    {
        Data.OrderId = e.OrderId;
        Data.Amount = e.Amount;
        Data.Sku = e.Sku;
        context.Send(new CapturePayment(e.OrderId, e.Amount));
        context.Schedule(new PaymentTimedOut(e.OrderId), PaymentTimeout);
    }

    [When(State.AwaitingPayment), Then(State.AwaitingStock), CompensatedBy(nameof(Refund))]
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

    [When(State.AwaitingStock), Then(State.Completed)]
    public void On(StockReserved e)
    {
    }

    [When(State.AwaitingStock), Then(State.Compensated), Compensate]
    public void On(StockUnavailable e)
    {
    }

    private void Refund(MessageContext context) => context.Send(new RefundPayment(Data.OrderId, Data.PaymentId!));
}
