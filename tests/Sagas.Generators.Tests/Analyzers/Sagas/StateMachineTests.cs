using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Analyzers.Sagas;

/// <summary>SAGA005, SAGA009, SAGA010, SAGA011 and SAGA012: the state machine the handlers declare.</summary>
public sealed class StateMachineTests
{
    private const string States = "public enum State { AwaitingPayment, AwaitingStock, [Final] Completed, [Final] Compensated, [Final] Cancelled }";

    [Fact]
    public async Task Saga005_fires_on_the_name_of_a_saga_without_a_starting_handler()
    {
        var markup = SagaSources.Valid
            .Edit("[StartedBy, Then(State.AwaitingPayment)]", "[When(State.AwaitingStock), Then(State.AwaitingPayment)]")
            .Mark("class ", "OrderSaga");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA005");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith("Saga 'OrderSaga' has no handler marked [StartedBy]", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flow_rules_stay_quiet_beyond_saga005_when_nothing_starts_the_saga()
    {
        var source = SagaSources.Valid.Edit("[StartedBy, Then(State.AwaitingPayment)]", "[When(State.AwaitingStock), Then(State.AwaitingPayment)]");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source);

        Assert.DoesNotContain(diagnostics, d => d.Id is "SAGA010" or "SAGA011" or "SAGA020" or "SAGA022");
    }

    [Fact]
    public async Task Saga005_is_quiet_on_a_saga_with_a_starting_handler()
    {
        var (diagnostics, _) = await SagaSources.AnalyzeAsync(SagaSources.Valid, "SAGA005");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Saga009_fires_on_the_second_handler_of_a_message_in_the_same_state()
    {
        var markup = SagaSources.Valid.Edit("public void On(StockUnavailable e) { }", "public void [|Also|](StockReserved e) { }");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA009");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(
            "Handlers 'On(StockReserved)' and 'Also(StockReserved)' both handle 'StockReserved' in state AwaitingStock; only one can run. Merge them, or give them different [When] states.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Saga009_fires_on_the_second_start_handler_of_a_message()
    {
        var markup = SagaSources.Valid
            .Edit("[When(State.AwaitingPayment), Then(State.Cancelled)]", "[StartedBy, Then(State.Cancelled)]")
            .Edit("public void On(PaymentTimedOut e) { }", "public void [|Restart|](OrderPlaced e) { }");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA009");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains("both handle 'OrderPlaced' to start the saga", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga009_is_quiet_on_two_handlers_of_a_message_in_different_states()
    {
        var source = SagaSources.Valid
            .Edit("[When(State.AwaitingStock), Then(State.Compensated), Compensate]", "[When(State.AwaitingPayment), Then(State.Completed)]")
            .Edit("public void On(StockUnavailable e) { }", "public void Early(StockReserved e) { }");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA009");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Saga010_fires_on_a_state_that_only_an_unreachable_state_leads_to()
    {
        var markup = SagaSources.Valid
            .Edit("[When(State.AwaitingPayment), Then(State.Cancelled)]", "[When(State.Cancelled), Then(State.Cancelled)]")
            .Mark("[Final] ", "Cancelled");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA010");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.StartsWith("State Cancelled of saga 'OrderSaga' is never entered", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga010_fires_on_a_state_no_handler_leads_to()
    {
        var markup = SagaSources.Valid.Edit(States, States.Replace(" }", ", [|Archived|] }", StringComparison.Ordinal));

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA010");

        Assert.Equal(marked, Assert.Single(diagnostics).Location.SourceSpan);
    }

    [Fact]
    public async Task Saga010_and_saga011_are_quiet_when_every_state_is_entered_and_left()
    {
        var (diagnostics, _) = await SagaSources.AnalyzeAsync(SagaSources.Valid);

        Assert.DoesNotContain(diagnostics, d => d.Id is "SAGA010" or "SAGA011");
    }

    [Fact]
    public async Task Saga011_fires_on_a_reachable_state_that_is_neither_final_nor_left()
    {
        var markup = SagaSources.Valid.Edit("[Final] Cancelled", "[|Cancelled|]");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA011");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(
            "State Cancelled of saga 'OrderSaga' is not [Final] but no handler runs in it, so an instance that enters it waits forever. Add a handler with [When(State.Cancelled)], or mark it [Final].",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Saga011_is_quiet_on_a_non_final_state_with_a_handler()
    {
        var source = SagaSources.Valid.Edit("[When(State.AwaitingPayment), Then(State.Cancelled)]", "[When(State.AwaitingPayment, State.Cancelled), Then(State.Cancelled)]")
            .Edit("[Final] Cancelled", "Cancelled");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA011");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Saga012_fires_on_the_name_of_a_saga_without_a_final_state()
    {
        var markup = SagaSources.Valid
            .Edit(States, States.Replace("[Final] ", "", StringComparison.Ordinal))
            .Mark("class ", "OrderSaga");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA012");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.StartsWith("Saga 'OrderSaga' declares no [Final] state", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga012_is_quiet_on_a_saga_with_one_final_state()
    {
        var source = SagaSources.Valid.Edit(States, "public enum State { AwaitingPayment, AwaitingStock, Completed, Compensated, [Final] Cancelled }");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA012");

        Assert.Empty(diagnostics);
    }
}
