using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Analyzers.Sagas;

/// <summary>SAGA020, SAGA022 and SAGA023: messages arriving in states that do not expect them, and [Ignore].</summary>
public sealed class ArrivalRulesTests
{
    private const string Cancel = "context.CancelScheduled<PaymentTimedOut>();";
    private const string Schedule = "context.Schedule(new PaymentTimedOut(e.OrderId), TimeSpan.FromMinutes(15))";

    [Fact]
    public async Task Saga020_fires_once_naming_every_state_where_a_timeout_that_is_not_cancelled_can_arrive()
    {
        var markup = SagaSources.Valid.Edit(Cancel, "").Mark(Schedule);

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA020");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "'PaymentTimedOut' is scheduled by 'On(OrderPlaced, MessageContext)' but can arrive in states AwaitingStock, Completed and Compensated, none of which handles or ignores it. "
                + "Handle it there, add [Ignore(typeof(PaymentTimedOut), State.AwaitingStock, State.Completed, State.Compensated)], or cancel it with CancelScheduled<PaymentTimedOut>() on the way.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Saga020_fires_on_a_timeout_that_can_arrive_after_the_saga_finished()
    {
        var markup = SagaSources.Valid.Edit(Cancel, "").Mark(Schedule)
            .Edit("[Saga]", "[Saga, Ignore(typeof(PaymentTimedOut), OrderSaga.State.AwaitingStock)]");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA020");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains("can arrive in states Completed and Compensated, none of which handles or ignores it. Handle it there, add [Ignore(typeof(PaymentTimedOut), State.Completed, State.Compensated)]", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga020_names_the_one_state_left_with_the_singular()
    {
        var markup = SagaSources.Valid.Edit(Cancel, "").Mark(Schedule)
            .Edit("[Saga]", "[Saga, Ignore(typeof(PaymentTimedOut), OrderSaga.State.AwaitingStock, OrderSaga.State.Compensated)]");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA020");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains("can arrive in state Completed, which neither handles nor ignores it. Handle it there, add [Ignore(typeof(PaymentTimedOut), State.Completed)]", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga020_is_quiet_on_a_timeout_cancelled_by_the_handler_that_leaves_its_state()
    {
        var (diagnostics, _) = await SagaSources.AnalyzeAsync(SagaSources.Valid, "SAGA020");

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("[Saga, Ignore(typeof(PaymentTimedOut), OrderSaga.State.AwaitingStock, OrderSaga.State.Completed, OrderSaga.State.Compensated)]")]
    [InlineData("[Saga(Unexpected = UnexpectedMessagePolicy.Ignore)]")]
    public async Task Saga020_is_quiet_on_a_timeout_ignored_wherever_it_can_arrive(string saga)
    {
        var source = SagaSources.Valid.Edit(Cancel, "").Edit("[Saga]", saga);

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA020");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Saga022_informs_of_a_live_state_after_a_message_was_handled_that_neither_handles_nor_ignores_it_again()
    {
        var markup = SagaSources.Valid.Mark("class ", "OrderSaga");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA022");

        Assert.All(diagnostics, d => Assert.Equal(marked, d.Location.SourceSpan));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        // A second PaymentCaptured can come after the first moved the saga on; the other messages
        // lead only to final states, where a finished instance runs nothing.
        Assert.Equal(
            ["Saga 'OrderSaga' handles 'PaymentCaptured' but not in state AwaitingStock, where it can arrive; there it is unexpected (policy: Fault). Handle it, or declare [Ignore(typeof(PaymentCaptured), State.AwaitingStock)]."],
            diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Saga022_is_quiet_on_a_pair_the_saga_ignores()
    {
        var source = SagaSources.Valid.Edit("[Saga]", "[Saga, Ignore(typeof(PaymentCaptured), OrderSaga.State.AwaitingStock)]");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA022");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Saga022_is_quiet_when_the_saga_ignores_unexpected_messages()
    {
        var source = SagaSources.Valid.Edit("[Saga]", "[Saga(Unexpected = UnexpectedMessagePolicy.Ignore)]");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA022");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Saga023_fires_on_an_ignore_of_a_message_handled_in_that_state()
    {
        var markup = SagaSources.Valid.Edit("[Saga]", "[Saga, [|Ignore(typeof(StockReserved), OrderSaga.State.AwaitingStock)|]]");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA023");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "Saga 'OrderSaga' ignores 'StockReserved' in state AwaitingStock, where handler 'On(StockReserved)' handles it; the handler wins. Remove the state from [Ignore].",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Saga023_is_quiet_on_an_ignore_in_a_state_without_a_handler_of_the_message()
    {
        var source = SagaSources.Valid.Edit("[Saga]", "[Saga, Ignore(typeof(StockReserved), OrderSaga.State.AwaitingPayment)]");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA023");

        Assert.Empty(diagnostics);
    }
}
