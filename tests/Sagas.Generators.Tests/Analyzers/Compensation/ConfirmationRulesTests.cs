using System.Globalization;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.Analyzers.Compensation;

/// <summary>SAGA024 and SAGA025: a compensation that awaits its confirmation can receive it, and its saga has a state to fail into.</summary>
public sealed class ConfirmationRulesTests
{
    private const string Confirmed = "CompensatedBy(nameof(Refund), ConfirmedBy = typeof(PaymentRefunded))";
    private const string FailedState = "Compensate(FailedState = State.Failed)";

    // The shared saga, with the refund awaited and a Failed state to end in when it never comes.
    private static readonly string Saga = CompensationSources.Saga
        .Edit("[Command] public sealed record ShipOrder(Guid OrderId);", """
            [Command] public sealed record ShipOrder(Guid OrderId);
            [Event] public sealed record PaymentRefunded(Guid OrderId, string PaymentId);
            [Event] public sealed record RefundFlagged(string Reason);
            public sealed record RefundNoted(Guid OrderId);
            """)
        .Edit("CompensatedBy(nameof(Refund))", Confirmed)
        .Edit("[Final] Compensated }", "[Final] Compensated, [Final] Failed }")
        .Edit("Compensate]", FailedState + "]");

    [Fact]
    public async Task The_confirmed_saga_has_no_warning_or_error_under_any_saga_rule()
    {
        var diagnostics = (await AnalyzerTestHelper.AnalyzeAsync(new SagaAnalyzer(), Saga)).Diagnostics;
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)); // the Failed state counts as reachable
    }

    [Fact]
    public async Task SAGA024_fires_when_a_compensation_awaits_a_confirmation_and_there_is_no_failed_state()
    {
        var diagnostic = await SingleAsync(Saga.Edit(FailedState, "[|Compensate|]"), "SAGA024");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("has no FailedState, but a compensation awaits its confirmation", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA024_fires_when_the_failed_state_is_the_compensated_state()
    {
        var diagnostic = await SingleAsync(Saga.Edit(FailedState, "[|Compensate(FailedState = State.Compensated)|]"), "SAGA024");

        Assert.Contains("names its [Then] state as its FailedState", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA024_fires_when_the_failed_state_is_not_a_state()
    {
        var diagnostic = await SingleAsync(Saga.Edit(FailedState, "[|Compensate(FailedState = \"Failed\")|]"), "SAGA024");

        Assert.Contains("names a FailedState that is not a member of State", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA024_is_quiet_without_a_failed_state_when_no_compensation_awaits_a_confirmation()
    {
        Assert.Empty(await DiagnosticsAsync(Saga.Edit(Confirmed, "CompensatedBy(nameof(Refund))").Edit(FailedState, "Compensate")));
    }

    [Fact]
    public async Task SAGA025_fires_when_the_confirmation_lacks_the_correlation_key()
    {
        var diagnostic = await SingleAsync(Saga.Edit(Confirmed, "[|CompensatedBy(nameof(Refund), ConfirmedBy = typeof(RefundFlagged))|]"), "SAGA025");

        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith(
            "ConfirmedBy = typeof(RefundFlagged) on 'On(PaymentCaptured, MessageContext)' names an event without a property 'OrderId'",
            diagnostic.GetMessage(CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA025_fires_when_the_confirmation_is_not_a_message()
    {
        var diagnostic = await SingleAsync(Saga.Edit(Confirmed, "[|CompensatedBy(nameof(Refund), ConfirmedBy = typeof(RefundNoted))|]"), "SAGA025");

        Assert.Contains("names a type that is not a message", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static async Task<Diagnostic> SingleAsync(string markup, string id)
    {
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new SagaAnalyzer(), markup);
        var diagnostic = Assert.Single(diagnostics, d => d.Id is "SAGA024" or "SAGA025");
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        return diagnostic;
    }

    private static async Task<IEnumerable<Diagnostic>> DiagnosticsAsync(string source) =>
        (await AnalyzerTestHelper.AnalyzeAsync(new SagaAnalyzer(), source)).Diagnostics.Where(d => d.Id is "SAGA024" or "SAGA025");
}
