namespace Sagas.Generators.Tests.Analyzers.Correlation;

/// <summary>A valid saga that the correlation tests break by one edit each.</summary>
internal static class CorrelationSources
{
    /// <summary>The saga, keyed by <c>OrderId</c> of type <paramref name="key"/> on its data and on every message.</summary>
    public static string Saga(string key = "Guid") => $$"""
        using System;
        using Sagas;

        namespace Shop;

        // A strongly-typed id, for the keys that wrap a value.
        public readonly record struct OrderId(Guid Value);

        [Event] public sealed record OrderPlaced({{key}} OrderId, decimal Amount);
        [Event] public sealed record PaymentCaptured({{key}} OrderId, string PaymentId);
        [Event] public sealed record OrderCompleted({{key}} OrderId);
        [Command] public sealed record CapturePayment({{key}} OrderId, decimal Amount);

        public sealed class OrderData
        {
            [CorrelationId] public {{key}} OrderId { get; set; } = default!;
            public decimal Amount { get; set; }
        }

        [Saga]
        public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>
        {
            public enum State { AwaitingPayment, [Final] Completed }

            [StartedBy, Then(State.AwaitingPayment)]
            public void On(OrderPlaced e, MessageContext context)
            {
                Data.OrderId = e.OrderId;
                context.Send(new CapturePayment(e.OrderId, e.Amount));
            }

            [When(State.AwaitingPayment), Then(State.Completed)]
            public void On(PaymentCaptured e, MessageContext context)
            {
                context.Publish(new OrderCompleted(Data.OrderId));
            }
        }
        """;
}
