using MassTransit;
using OrderFulfillment;

namespace Sagas.Benchmarks.Compare;

/// <summary>What MassTransit keeps of an order between messages: the sample's <c>OrderData</c>, its state, and the tokens of its schedules.</summary>
public sealed class OrderState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public decimal Amount { get; set; }

    public string Sku { get; set; } = "";

    public string? PaymentId { get; set; }

    public Guid? PaymentTimeoutTokenId { get; set; }

    public Guid? ShipmentTimeoutTokenId { get; set; }

    public Guid? RefundTimeoutTokenId { get; set; }
}

/// <summary>
/// The sample's order saga (<c>samples/OrderFulfillment/OrderSaga.cs</c>) written as MassTransit's
/// documentation writes a state machine, on the sample's own message types: the same states,
/// events, commands and timeouts. Capture the payment (30 s timeout), reserve the stock, ship
/// (30 s timeout). Out of stock: refund the payment and await the confirmation (30 s timeout, as
/// Sagas' default compensation timeout), then Compensated. A shipment that times out releases the
/// stock, then refunds. The sample's retries of an unconfirmed compensation are left out: no
/// compensation goes unconfirmed in the benchmark, and its timeouts are scheduled as in Sagas.
/// Each transition, and each saga reaching its end, is counted in the <see cref="OrderTally"/>.
/// With <see cref="MassTransitTimeouts.Enabled"/> off, nothing is scheduled or unscheduled.
/// </summary>
public sealed class MassTransitOrderStateMachine : MassTransitStateMachine<OrderState>
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public MassTransitOrderStateMachine(OrderTally tally, MassTransitTimeouts timeouts)
    {
        var on = timeouts.Enabled;
        InstanceState(x => x.CurrentState);

        Event(() => OrderPlaced, x => x.CorrelateById(context => context.Message.OrderId));
        Event(() => PaymentCaptured, x => x.CorrelateById(context => context.Message.OrderId));
        Event(() => PaymentDeclined, x => x.CorrelateById(context => context.Message.OrderId));
        Event(() => StockReserved, x => x.CorrelateById(context => context.Message.OrderId));
        Event(() => StockUnavailable, x => x.CorrelateById(context => context.Message.OrderId));
        Event(() => OrderShipped, x => x.CorrelateById(context => context.Message.OrderId));
        Event(() => PaymentRefunded, x => x.CorrelateById(context => context.Message.OrderId));
        Event(() => StockReleased, x => x.CorrelateById(context => context.Message.OrderId));

        Schedule(() => PaymentTimeout, x => x.PaymentTimeoutTokenId, s =>
        {
            s.Delay = Timeout;
            s.Received = r => r.CorrelateById(context => context.Message.OrderId);
        });
        Schedule(() => ShipmentTimeout, x => x.ShipmentTimeoutTokenId, s =>
        {
            s.Delay = Timeout;
            s.Received = r => r.CorrelateById(context => context.Message.OrderId);
        });
        Schedule(() => RefundTimeout, x => x.RefundTimeoutTokenId, s =>
        {
            s.Delay = Timeout;
            s.Received = r => r.CorrelateById(context => context.Message.OrderId);
        });

        Initially(
            When(OrderPlaced)
                .Then(context =>
                {
                    context.Saga.Amount = context.Message.Amount;
                    context.Saga.Sku = context.Message.Sku;
                })
                .Publish(context => new CapturePayment(context.Message.OrderId, context.Message.Amount))
                .ScheduleIf(on, PaymentTimeout, context => new PaymentTimedOut(context.Saga.CorrelationId))
                .TransitionTo(AwaitingPayment)
                .Then(_ => tally.Transition()));

        During(AwaitingPayment,
            When(PaymentCaptured)
                .Then(context => context.Saga.PaymentId = context.Message.PaymentId)
                .UnscheduleIf(on, PaymentTimeout)
                .Publish(context => new ReserveStock(context.Saga.CorrelationId, context.Saga.Sku))
                .TransitionTo(AwaitingStock)
                .Then(_ => tally.Transition()),
            When(PaymentDeclined)
                .UnscheduleIf(on, PaymentTimeout)
                .TransitionTo(Compensated)
                .Then(_ => Finish(tally, "Compensated")),
            When(PaymentTimeout.Received)
                .TransitionTo(Compensated)
                .Then(_ => Finish(tally, "Compensated")));

        During(AwaitingStock,
            When(StockReserved)
                .Publish(context => new ShipOrder(context.Saga.CorrelationId, context.Saga.Sku))
                .ScheduleIf(on, ShipmentTimeout, context => new ShipmentTimedOut(context.Saga.CorrelationId))
                .TransitionTo(AwaitingShipment)
                .Then(_ => tally.Transition()),
            When(StockUnavailable)
                .Publish(context => new RefundPayment(context.Saga.CorrelationId, context.Saga.PaymentId!))
                .ScheduleIf(on, RefundTimeout, context => new RefundTimedOut(context.Saga.CorrelationId))
                .TransitionTo(Refunding)
                .Then(_ => tally.Transition()));

        During(AwaitingShipment,
            When(OrderShipped)
                .UnscheduleIf(on, ShipmentTimeout)
                .TransitionTo(Completed)
                .Then(_ => Finish(tally, "Completed")),
            When(ShipmentTimeout.Received)
                .Publish(context => new ReleaseStock(context.Saga.CorrelationId, context.Saga.Sku))
                .TransitionTo(ReleasingStock)
                .Then(_ => tally.Transition()));

        During(ReleasingStock,
            When(StockReleased)
                .Publish(context => new RefundPayment(context.Saga.CorrelationId, context.Saga.PaymentId!))
                .ScheduleIf(on, RefundTimeout, context => new RefundTimedOut(context.Saga.CorrelationId))
                .TransitionTo(Refunding)
                .Then(_ => tally.Transition()));

        During(Refunding,
            When(PaymentRefunded)
                .UnscheduleIf(on, RefundTimeout)
                .TransitionTo(Compensated)
                .Then(_ => Finish(tally, "Compensated")),
            When(RefundTimeout.Received)
                .TransitionTo(Failed)
                .Then(_ => Finish(tally, "Failed")));

        // The payment was captured after the order was dropped: give it back, as the sample does.
        During(Compensated,
            When(PaymentCaptured)
                .Publish(context => new RefundPayment(context.Message.OrderId, context.Message.PaymentId)),
            Ignore(PaymentRefunded));
    }

    public State AwaitingPayment { get; private set; } = null!;

    public State AwaitingStock { get; private set; } = null!;

    public State AwaitingShipment { get; private set; } = null!;

    public State ReleasingStock { get; private set; } = null!;

    public State Refunding { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public State Compensated { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public Event<OrderPlaced> OrderPlaced { get; private set; } = null!;

    public Event<PaymentCaptured> PaymentCaptured { get; private set; } = null!;

    public Event<PaymentDeclined> PaymentDeclined { get; private set; } = null!;

    public Event<StockReserved> StockReserved { get; private set; } = null!;

    public Event<StockUnavailable> StockUnavailable { get; private set; } = null!;

    public Event<OrderShipped> OrderShipped { get; private set; } = null!;

    public Event<PaymentRefunded> PaymentRefunded { get; private set; } = null!;

    public Event<StockReleased> StockReleased { get; private set; } = null!;

    public Schedule<OrderState, PaymentTimedOut> PaymentTimeout { get; private set; } = null!;

    public Schedule<OrderState, ShipmentTimedOut> ShipmentTimeout { get; private set; } = null!;

    public Schedule<OrderState, RefundTimedOut> RefundTimeout { get; private set; } = null!;

    private static void Finish(OrderTally tally, string state)
    {
        tally.Transition();
        tally.Finish(state);
    }
}

/// <summary>The refund's confirmation did not come in time (Sagas' built-in <c>CompensationTimedOut</c> in the sample).</summary>
public sealed record RefundTimedOut(Guid OrderId);
