namespace Sagas.Generators.Tests.Analyzers.Compensation;

/// <summary>A valid compensating saga that the compensation tests break by one edit each.</summary>
internal static class CompensationSources
{
    public const string Saga = """
        using System;
        using Sagas;

        namespace Shop;

        [Event] public sealed record OrderPlaced(Guid OrderId, decimal Amount);
        [Event] public sealed record PaymentCaptured(Guid OrderId, string PaymentId);
        [Event] public sealed record StockReserved(Guid OrderId);
        [Event] public sealed record StockUnavailable(Guid OrderId);
        [Event] public sealed record OrderCompleted(Guid OrderId);
        [Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
        [Command] public sealed record ReserveStock(Guid OrderId);
        [Command] public sealed record RefundPayment(Guid OrderId, string PaymentId);
        [Command] public sealed record ShipOrder(Guid OrderId);

        public sealed class OrderData
        {
            [CorrelationId] public Guid OrderId { get; set; }
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
            public void On(PaymentCaptured e, MessageContext context)
            {
                Data.PaymentId = e.PaymentId;
                context.Send(new ReserveStock(e.OrderId));
            }

            [When(State.AwaitingStock), Then(State.Completed)]
            public void On(StockReserved e, MessageContext context)
            {
                context.Send(new ShipOrder(e.OrderId));
            }

            [When(State.AwaitingStock), Then(State.Compensated), Compensate]
            public void On(StockUnavailable e)
            {
            }

            private void Refund(MessageContext context)
            {
                context.Send(new RefundPayment(Data.OrderId, Data.PaymentId!));
            }
        }
        """;
}
