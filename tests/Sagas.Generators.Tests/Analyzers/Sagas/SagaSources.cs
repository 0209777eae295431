using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.Analyzers.Sagas;

/// <summary>
/// A valid saga close to the README's quick start, plus a payment timeout, and the one-edit
/// variants the structure and flow rule tests are made of.
/// </summary>
internal static class SagaSources
{
    public const string Valid = """
        using System;
        using Sagas;

        namespace Shop;

        [Event]   public sealed record OrderPlaced(Guid OrderId, decimal Amount);
        [Event]   public sealed record PaymentCaptured(Guid OrderId, string PaymentId);
        [Event]   public sealed record PaymentTimedOut(Guid OrderId);
        [Event]   public sealed record StockReserved(Guid OrderId);
        [Event]   public sealed record StockUnavailable(Guid OrderId);
        [Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
        [Command] public sealed record ReserveStock(Guid OrderId);
        [Command] public sealed record RefundPayment(Guid OrderId, string PaymentId);

        public sealed class OrderData
        {
            [CorrelationId] public Guid OrderId { get; set; }
            public string? PaymentId { get; set; }
        }

        [Saga]
        public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>
        {
            public enum State { AwaitingPayment, AwaitingStock, [Final] Completed, [Final] Compensated, [Final] Cancelled }

            [StartedBy, Then(State.AwaitingPayment)]
            public void On(OrderPlaced e, MessageContext context)
            {
                Data.OrderId = e.OrderId;
                context.Send(new CapturePayment(e.OrderId, e.Amount));
                context.Schedule(new PaymentTimedOut(e.OrderId), TimeSpan.FromMinutes(15));
            }

            [When(State.AwaitingPayment), Then(State.AwaitingStock), CompensatedBy(nameof(Refund))]
            public void On(PaymentCaptured e, MessageContext context)
            {
                Data.PaymentId = e.PaymentId;
                context.CancelScheduled<PaymentTimedOut>();
                context.Send(new ReserveStock(e.OrderId));
            }

            [When(State.AwaitingPayment), Then(State.Cancelled)]
            public void On(PaymentTimedOut e) { }

            [When(State.AwaitingStock), Then(State.Completed)]
            public void On(StockReserved e) { }

            [When(State.AwaitingStock), Then(State.Compensated), Compensate]
            public void On(StockUnavailable e) { }

            private void Refund(MessageContext context) => context.Send(new RefundPayment(Data.OrderId, Data.PaymentId!));
        }
        """;

    /// <summary>The structure and flow rule IDs: what the quiet tests require to stay silent.</summary>
    public static readonly ImmutableHashSet<string> OwnIds =
    [
        "SAGA003", "SAGA004", "SAGA005", "SAGA006", "SAGA007", "SAGA008", "SAGA009",
        "SAGA010", "SAGA011", "SAGA012", "SAGA020", "SAGA022", "SAGA023",
    ];

    public static Task<(ImmutableArray<Diagnostic> Diagnostics, TextSpan? Marked)> AnalyzeAsync(string markup) =>
        AnalyzerTestHelper.AnalyzeAsync(new SagaAnalyzer(), markup);

    /// <summary>The diagnostics of one rule.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, TextSpan? Marked)> AnalyzeAsync(string markup, string id)
    {
        // The Roslyn testing framework checks the rule's diagnostics against the markup too, quiet ones included.
        await Framework.RuleTest.VerifyAsync(new SagaAnalyzer(), id, markup);
        var (diagnostics, marked) = await AnalyzeAsync(markup);
        return ([.. diagnostics.Where(d => d.Id == id)], marked);
    }

    /// <summary>The structure and flow diagnostics, without the Info SAGA022 that a quick-start saga has by design.</summary>
    public static async Task<ImmutableArray<Diagnostic>> OwnWarningsAsync(string source) =>
        [.. (await AnalyzeAsync(source)).Diagnostics.Where(d => OwnIds.Contains(d.Id) && d.Id != "SAGA022")];
}
