namespace Sagas.Generators.Tests.Analyzers.Sagas;

/// <summary>Sagas that end through context.Complete(), and attribute values that are null.</summary>
public sealed class CompleteAndNullStatesTests
{
    // No [Final] state: the saga ends when StockReserved's handler calls Complete().
    private static readonly string CompletesInstead = SagaSources.Valid
        .Edit("[Final] Completed, [Final] Compensated, [Final] Cancelled", "Completed, Compensated, Cancelled")
        .Edit("public void On(StockReserved e) { }", "public void On(StockReserved e, MessageContext context) => context.Complete();")
        .Edit("public void On(StockUnavailable e) { }", "public void On(StockUnavailable e, MessageContext context) => context.Complete();")
        .Edit("public void On(PaymentTimedOut e) { }", "public void On(PaymentTimedOut e, MessageContext context) => context.Complete();");

    [Fact]
    public async Task A_saga_that_ends_through_Complete_has_no_missing_final_state_or_dead_ends()
    {
        var (diagnostics, _) = await SagaSources.AnalyzeAsync(CompletesInstead);

        Assert.DoesNotContain(diagnostics, d => d.Id is "SAGA011" or "SAGA012");
    }

    [Fact]
    public async Task Without_Complete_the_same_saga_has_no_final_state()
    {
        var source = CompletesInstead.Edit(
            "public void On(StockReserved e, MessageContext context) => context.Complete();", "public void On(StockReserved e, MessageContext context) { }");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source);

        Assert.Contains(diagnostics, d => d.Id == "SAGA011");
    }

    [Fact]
    public async Task A_null_state_list_is_reported_not_a_crash()
    {
        var markup = SagaSources.Valid.Edit("[When(State.AwaitingStock), Then(State.Completed)]", "[When(null), Then(State.Completed)]");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(markup);

        Assert.Contains(diagnostics, d => d.Id == "SAGA008");
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
