using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Analyzers.Sagas;

/// <summary>SAGA031 and SAGA032: handlers that run in finished instances.</summary>
public sealed class FinishedStateRulesTests
{
    private const string Refund = "private void Refund(";

    // The late capture of the README: refunded in the final state, which the instance stays in.
    private const string LateCapture = """
        [When(State.Cancelled), Then(State.Cancelled)]
            public void Late(PaymentCaptured e, MessageContext context) => context.Send(new RefundPayment(e.OrderId, e.PaymentId));

            private void Refund(
        """;

    [Fact]
    public async Task Saga031_fires_on_the_then_of_a_handler_leading_from_a_final_state_to_a_live_one()
    {
        var markup = SagaSources.Valid.Edit(Refund, LateCapture.Replace("Then(State.Cancelled)", "[|Then(State.AwaitingStock)|]"));

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA031");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "Handler 'Late(PaymentCaptured, MessageContext)' runs in final state Cancelled but leads to AwaitingStock, which is not final; a finished instance stays finished. "
                + "[Then] a [Final] state (State.Cancelled to stay there), or remove Cancelled from [When].",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Saga031_fires_on_a_compensate_handler_in_a_final_state()
    {
        var markup = SagaSources.Valid.Edit(Refund, LateCapture.Replace("Then(State.Cancelled)]", "Then(State.Cancelled), [|Compensate|]]"));

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA031");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains("is [Compensate], which takes the instance back through the live state Compensating", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Then(State.Cancelled)")] // stays where it is
    [InlineData("Then(State.Compensated)")] // another final state: still finished
    public async Task Saga031_and_the_flow_rules_are_quiet_on_a_handler_that_keeps_the_instance_final(string then)
    {
        var source = SagaSources.Valid.Edit(Refund, LateCapture.Replace("Then(State.Cancelled)", then));

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source);

        Assert.DoesNotContain(diagnostics, d => d.Id is "SAGA031" or "SAGA032");
        Assert.Empty(await SagaSources.OwnWarningsAsync(source));
    }

    [Fact]
    public async Task Saga032_fires_on_a_when_naming_a_state_that_instances_enter_only_by_completing()
    {
        var markup = SagaSources.Valid
            .Edit("[Final] Cancelled", "Cancelled")
            .Edit("public void On(PaymentTimedOut e) { }", "public void On(PaymentTimedOut e, MessageContext context) => context.Complete();")
            .Edit(Refund, LateCapture.Replace("[When(State.Cancelled)", "[[|When(State.Cancelled)|]"));

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA032");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.StartsWith(
            "Handler 'Late(PaymentCaptured, MessageContext)' runs in state Cancelled, but every handler that enters Cancelled calls context.Complete()",
            diagnostic.GetMessage(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga032_is_quiet_when_a_handler_enters_the_state_without_completing()
    {
        var source = SagaSources.Valid
            .Edit("[Final] Cancelled", "Cancelled")
            .Edit(Refund, LateCapture.Replace("Then(State.Cancelled)", "Then(State.Compensated)"));

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA032");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Saga023_now_sees_a_handler_of_a_final_state_winning_over_an_ignore_there()
    {
        var markup = SagaSources.Valid
            .Edit("[Saga]", "[Saga, [|Ignore(typeof(PaymentCaptured), OrderSaga.State.Cancelled)|]]")
            .Edit(Refund, LateCapture);

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA023");

        Assert.Equal(marked, Assert.Single(diagnostics).Location.SourceSpan);
    }
}
