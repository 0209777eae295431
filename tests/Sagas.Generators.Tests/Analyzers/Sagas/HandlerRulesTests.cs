using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Analyzers.Sagas;

/// <summary>SAGA006, SAGA007, SAGA008 and SAGA034: what each handler declares.</summary>
public sealed class HandlerRulesTests
{
    private const string StockReservedHandler = "public void On(StockReserved e) { }";

    [Fact]
    public async Task Saga006_fires_on_a_handler_of_a_type_that_is_not_a_message()
    {
        var markup = SagaSources.Valid
            .Edit("[Event]   public sealed record StockReserved", "public sealed record StockReserved")
            .Edit(StockReservedHandler, "public void [|On|](StockReserved e) { }");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA006");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "Handler 'On(StockReserved)' takes 'StockReserved', which is not marked [Event] or [Command]. Mark the type, or take a registered message as the first parameter.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Saga006_fires_on_a_handler_whose_first_parameter_is_an_array()
    {
        var markup = SagaSources.Valid.Edit(StockReservedHandler, "public void [|On|](StockReserved[] e) { }");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA006");

        Assert.Equal(marked, Assert.Single(diagnostics).Location.SourceSpan);
    }

    [Fact]
    public async Task Saga006_is_quiet_on_handlers_of_events_and_commands()
    {
        var source = SagaSources.Valid.Edit(StockReservedHandler, "public void On(ReserveStock command) { }");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA006");

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("public int [|On|](StockReserved e) => 0;", "'On(StockReserved)' cannot be called by the saga engine: it returns int; return void, Task or ValueTask")]
    [InlineData("public static void [|On|](StockReserved e) { }", "'On(StockReserved)' cannot be called by the saga engine: it is static")]
    [InlineData("public async void [|On|](StockReserved e) => await System.Threading.Tasks.Task.Yield();", "'On(StockReserved)' cannot be called by the saga engine: it is async void")]
    [InlineData("public void [|On|](StockReserved e, string note) { }", "'On(StockReserved, string)' cannot be called by the saga engine: parameter 'note' is a string")]
    public async Task Saga007_fires_on_a_handler_the_engine_cannot_call(string handler, string message)
    {
        var markup = SagaSources.Valid.Edit(StockReservedHandler, handler);

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA007");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.StartsWith("Handler " + message, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public Task On(StockReserved e) => Task.CompletedTask;")]
    [InlineData("public ValueTask On(StockReserved e, CancellationToken token, MessageContext context) => default;")]
    public async Task Saga007_is_quiet_on_async_handlers_with_context_and_token(string handler)
    {
        var source = "using System.Threading;\nusing System.Threading.Tasks;\n" + SagaSources.Valid.Edit(StockReservedHandler, handler);

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA007");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Saga008_fires_on_the_name_of_a_handler_without_then()
    {
        var markup = SagaSources.Valid
            .Edit("[When(State.AwaitingStock), Then(State.Completed)]", "[When(State.AwaitingStock)]")
            .Edit(StockReservedHandler, "public void [|On|](StockReserved e) { }");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA008");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(
            "Handler 'On(StockReserved)' has no [Then]. Name the state the saga enters after it returns: [Then(State.X)].",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("[When(State.AwaitingStock), [|Then((State)42)|]]", "names a [Then] state that is not a member of State")]
    [InlineData("[[|When((State)42)|], Then(State.Completed)]", "names a [When] state that is not a member of State")]
    [InlineData("[[|When(7)|], Then(State.Completed)]", "names a [When] state that is not a member of State")]
    [InlineData("[[|When|], Then(State.Completed)]", "has [When] without states, so it never runs")]
    public async Task Saga008_fires_on_the_attribute_naming_no_state_of_the_saga(string attributes, string problem)
    {
        var markup = SagaSources.Valid.Edit("[When(State.AwaitingStock), Then(State.Completed)]", attributes);

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA008");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains(problem, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga008_fires_on_a_method_with_then_but_neither_started_by_nor_when()
    {
        var markup = SagaSources.Valid
            .Edit("[When(State.AwaitingStock), Then(State.Completed)]", "[Then(State.Completed)]")
            .Edit(StockReservedHandler, "public void [|On|](StockReserved e) { }");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA008");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains("has [Then] but neither [StartedBy] nor [When], so it never runs", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga008_is_quiet_on_a_start_handler_without_when_and_a_handler_running_in_several_states()
    {
        var source = SagaSources.Valid.Edit("[When(State.AwaitingPayment), Then(State.Cancelled)]", "[When(State.AwaitingPayment, State.AwaitingStock), Then(State.Cancelled)]");

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source, "SAGA008");

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Saga034_fires_on_the_when_of_a_started_by_handler()
    {
        var markup = SagaSources.Valid.Edit("[StartedBy, Then(State.AwaitingPayment)]", "[StartedBy, [|When(State.AwaitingStock)|], Then(State.AwaitingPayment)]");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA034");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(
            "Handler 'On(OrderPlaced, MessageContext)' is [StartedBy], so it runs only when 'OrderPlaced' finds no instance: its [When] is ignored by dispatch, though the diagram draws it. Remove [When], or handle 'OrderPlaced' in those states with a separate handler marked [When(...), Then(...)].",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Saga034_is_quiet_on_a_started_by_handler_without_when()
    {
        var (diagnostics, _) = await SagaSources.AnalyzeAsync(SagaSources.Valid, "SAGA034");

        Assert.Empty(diagnostics);
    }
}
