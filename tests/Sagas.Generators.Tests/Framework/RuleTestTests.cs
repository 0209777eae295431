using Sagas.Generators.Analyzers;
using Sagas.Generators.Tests.Analyzers;
using Sagas.Generators.Tests.Analyzers.Sagas;

namespace Sagas.Generators.Tests.Framework;

/// <summary>The framework check behind the rule tests can fail: a diagnostic marked elsewhere, or one unmarked.</summary>
public sealed class RuleTestTests
{
    private const string Handler = "public void On(StockReserved e) { }";

    private static readonly string NotAMessage = SagaSources.Valid.Edit("[Event]   public sealed record StockReserved", "public sealed record StockReserved");

    [Fact]
    public async Task A_diagnostic_on_the_marked_span_passes()
    {
        await RuleTest.VerifyAsync(new SagaAnalyzer(), "SAGA006", NotAMessage.Edit(Handler, "public void [|On|](StockReserved e) { }"));
    }

    [Fact]
    public async Task A_diagnostic_marked_on_the_wrong_span_fails()
    {
        var wrong = NotAMessage.Edit(Handler, "public [|void|] On(StockReserved e) { }");

        await Assert.ThrowsAnyAsync<Exception>(() => RuleTest.VerifyAsync(new SagaAnalyzer(), "SAGA006", wrong));
    }

    [Fact]
    public async Task A_diagnostic_left_unmarked_fails()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => RuleTest.VerifyAsync(new SagaAnalyzer(), "SAGA006", NotAMessage));
    }
}
