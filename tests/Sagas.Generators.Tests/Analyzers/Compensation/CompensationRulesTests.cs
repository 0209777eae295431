using System.Globalization;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.Analyzers.Compensation;

/// <summary>SAGA018 and SAGA019: compensations can be called, and compensable steps declare one.</summary>
public sealed class CompensationRulesTests
{
    private const string PaymentStep = "[When(State.AwaitingPayment), Then(State.AwaitingStock), CompensatedBy(nameof(Refund))]";

    [Fact]
    public async Task SAGA018_fires_on_a_compensation_that_names_no_method()
    {
        var markup = CompensationSources.Saga.Edit("CompensatedBy(nameof(Refund))", "[|CompensatedBy(\"Refnd\")|]");

        var diagnostic = await SingleAsync(markup, "SAGA018");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith(
            "[CompensatedBy(\"Refnd\")] on 'On(PaymentCaptured, MessageContext)' names no method of the saga",
            diagnostic.GetMessage(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA018_fires_on_a_compensation_the_engine_cannot_call()
    {
        var markup = CompensationSources.Saga
            .Edit("private void Refund(", "private async void Refund(")
            .Edit("CompensatedBy(nameof(Refund))", "[|CompensatedBy(nameof(Refund))|]");

        var diagnostic = await SingleAsync(markup, "SAGA018");

        Assert.Contains("cannot call: it is async void", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("private void Refund(MessageContext context)")]
    [InlineData("private System.Threading.Tasks.ValueTask Refund(MessageContext context, System.Threading.CancellationToken cancellationToken)")]
    public async Task SAGA018_is_quiet_on_a_compensation_the_engine_can_call(string signature)
    {
        var source = CompensationSources.Saga.Edit("private void Refund(MessageContext context)", signature);
        if (signature.Contains("ValueTask", StringComparison.Ordinal))
        {
            source = source.Edit("context.Send(new RefundPayment(Data.OrderId, Data.PaymentId!));", "context.Send(new RefundPayment(Data.OrderId, Data.PaymentId!)); return default;");
        }

        Assert.Empty(await CompensationDiagnosticsAsync(source));
    }

    [Fact]
    public async Task SAGA019_fires_on_a_step_that_sends_a_command_without_a_compensation()
    {
        var markup = CompensationSources.Saga
            .Edit(PaymentStep, "[When(State.AwaitingPayment), Then(State.AwaitingStock)]")
            .Edit("public void On(PaymentCaptured e", "public void [|On|](PaymentCaptured e");

        var diagnostic = await SingleAsync(markup, "SAGA019");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("sends a command in a saga that compensates", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA019_is_quiet_on_the_same_step_in_a_saga_that_never_compensates()
    {
        var source = CompensationSources.Saga
            .Edit(PaymentStep, "[When(State.AwaitingPayment), Then(State.AwaitingStock)]")
            .Edit("Then(State.Compensated), Compensate]", "Then(State.Compensated)]");

        Assert.Empty(await CompensationDiagnosticsAsync(source));
    }

    [Fact]
    public async Task SAGA019_is_quiet_on_the_same_step_when_it_publishes_an_event_instead()
    {
        var source = CompensationSources.Saga
            .Edit(PaymentStep, "[When(State.AwaitingPayment), Then(State.AwaitingStock)]")
            .Edit("context.Send(new ReserveStock(e.OrderId));", "context.Publish(new OrderCompleted(e.OrderId));");

        Assert.Empty(await CompensationDiagnosticsAsync(source));
    }

    [Fact]
    public async Task The_shared_source_has_no_warning_or_error_under_any_saga_rule()
    {
        // Info rules (SAGA022) may still suggest being explicit; the tests break one thing at a time.
        var diagnostics = (await AnalyzerTestHelper.AnalyzeAsync(new SagaAnalyzer(), CompensationSources.Saga)).Diagnostics;
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    private static async Task<Diagnostic> SingleAsync(string markup, string id)
    {
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new SagaAnalyzer(), markup);
        var diagnostic = Assert.Single(diagnostics, d => IsCompensation(d.Id));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        return diagnostic;
    }

    private static async Task<IEnumerable<Diagnostic>> CompensationDiagnosticsAsync(string source) =>
        (await AnalyzerTestHelper.AnalyzeAsync(new SagaAnalyzer(), source)).Diagnostics.Where(d => IsCompensation(d.Id));

    private static bool IsCompensation(string id) => id is "SAGA018" or "SAGA019";
}
