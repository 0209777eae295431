namespace Sagas.Generators.Tests.Generator;

/// <summary>Source text the generator tests compile.</summary>
internal static class Sources
{
    public const string Contracts = """
        using System;
        using Sagas;

        namespace Shop.Orders;

        [Event] public sealed record OrderPlaced(Guid OrderId, decimal Amount);
        [Event("payments.captured.v1")] public sealed record PaymentCaptured(Guid OrderId, string PaymentId);
        [Event] public sealed record StockReserved(Guid OrderId);
        [Event] public sealed record StockUnavailable(Guid OrderId);
        [Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
        [Command] public sealed record RefundPayment(Guid OrderId, string PaymentId);
        [Command] public sealed record ReserveStock(Guid OrderId);
        """;

    public const string OrderSaga = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Sagas;

        namespace Shop.Orders;

        public sealed class OrderData
        {
            [CorrelationId] public Guid OrderId { get; set; }
            public decimal Amount { get; set; }
            public string? PaymentId { get; set; }
        }

        [Saga]
        public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>
        {
            public enum State { AwaitingPayment, AwaitingStock, [Final] Completed, [Final] Compensated }

            [StartedBy, Then(State.AwaitingPayment)]
            public void On(OrderPlaced e, MessageContext context)
            {
                Data.OrderId = e.OrderId;
                context.Send(new CapturePayment(e.OrderId, e.Amount));
            }

            [When(State.AwaitingPayment), Then(State.AwaitingStock), CompensatedBy(nameof(Refund))]
            public Task On(PaymentCaptured e, MessageContext context, CancellationToken cancellationToken)
            {
                Data.PaymentId = e.PaymentId;
                context.Send(new ReserveStock(e.OrderId));
                return Task.CompletedTask;
            }

            [When(State.AwaitingStock), Then(State.Completed)]
            public void On(StockReserved e) { }

            [When(State.AwaitingStock), Then(State.Compensated), Compensate]
            public void On(StockUnavailable e) { }

            // A finished instance runs the handlers of its final state: a capture that came too late is refunded.
            [When(State.Compensated), Then(State.Compensated)]
            public void Late(PaymentCaptured e, MessageContext context) => context.Send(new RefundPayment(e.OrderId, e.PaymentId));

            private void Refund(MessageContext context) => context.Send(new RefundPayment(Data.OrderId, Data.PaymentId!));
        }
        """;

    public const string ShipmentSaga = """
        using System;
        using Sagas;

        namespace Shop.Shipping;

        [Event] public sealed record ShipmentRequested(Guid ShipmentId);
        [Event] public sealed record ShipmentDelivered(Guid ShipmentId);

        public sealed class ShipmentData
        {
            public Guid ShipmentId { get; set; }
        }

        [Saga]
        public sealed partial class ShipmentSaga : Saga<ShipmentSaga.State, ShipmentData>
        {
            public enum State { InTransit, [Final] Delivered }

            [StartedBy, Then(State.InTransit)]
            public void On(ShipmentRequested e) => Data.ShipmentId = e.ShipmentId;

            [When(State.InTransit), Then(State.Delivered)]
            public void On(ShipmentDelivered e) { }
        }
        """;

    public const string Unrelated = """
        namespace Shop.Other;

        public sealed class Unrelated { public int Value { get; set; } }
        """;
}
