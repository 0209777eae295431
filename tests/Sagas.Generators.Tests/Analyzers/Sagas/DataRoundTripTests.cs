using System.Globalization;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Analyzers;
using Sagas.Generators.Tests.Analyzers.Workflows;

namespace Sagas.Generators.Tests.Analyzers.Sagas;

/// <summary>SAGA035: every member of a saga's or workflow's data survives the JSON round trip between steps.</summary>
public sealed class DataRoundTripTests
{
    private const string PaymentId = "public string? PaymentId { get; set; }";

    [Theory]
    [InlineData("public string? [|Reference|] { get; private set; }", "has a private setter, which JSON does not call, so it writes the value but never reads it back", "Make the setter public (or init), or mark the property [JsonInclude]")]
    [InlineData("public int [|Attempts|] { get; }", "has no setter, so JSON writes it but never reads it back", "Add a public set or init accessor")]
    [InlineData("public System.Collections.Generic.List<string> [|Notes|] { get; } = new();", "has no setter, so JSON writes it but never reads it back", "Add a public set or init accessor")]
    [InlineData("private int [|Attempts|] { get; set; }", "is private, so JSON neither writes nor reads it", "Make it public with a public get and set (or init), or mark it [JsonInclude]")]
    [InlineData("public int [|Attempts|];", "is a field, which JSON skips by default (IncludeFields is off)", "Make it a property with a public get and set, or mark it [JsonInclude]")]
    [InlineData("internal int [|attempts|];", "is an internal field, which JSON neither writes nor reads", "Make it a public property with get and set, or mark it [JsonInclude]")]
    public async Task Saga035_fires_on_a_data_member_that_does_not_survive_the_round_trip(string member, string problem, string fix)
    {
        var markup = SagaSources.Valid.Edit(PaymentId, PaymentId + "\n    " + member);

        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new DataAnalyzer(), markup);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SAGA035", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        var name = markup.Substring(marked!.Value.Start + 2, marked.Value.Length);
        Assert.Equal(
            $"'OrderData.{name}' {problem}: 'OrderSaga' saves its data as JSON (System.Text.Json, default options) and reads it back before each message, so this value is lost between steps. {fix}.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("public string? Reference { get; init; }")]
    [InlineData("public string Summary => PaymentId ?? \"\";")]
    [InlineData("[System.Text.Json.Serialization.JsonIgnore] private int Attempts { get; set; }")]
    [InlineData("[System.Text.Json.Serialization.JsonInclude] public string? Reference { get; private set; }")]
    [InlineData("[System.Text.Json.Serialization.JsonInclude] private int attempts;")]
    [InlineData("private readonly object gate = new();")]
    [InlineData("public const int MaxAttempts = 3;")]
    [InlineData("public static int Created;")]
    public async Task Saga035_is_quiet_on_members_that_round_trip_or_hold_no_state(string member)
    {
        var source = SagaSources.Valid.Edit(PaymentId, PaymentId + "\n    " + member);

        var (diagnostics, _) = await AnalyzerTestHelper.AnalyzeAsync(new DataAnalyzer(), source);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Saga035_fires_on_a_member_of_a_base_of_the_data()
    {
        var markup = SagaSources.Valid
            .Edit("public sealed class OrderData\n", "public abstract class Audited\n{\n    public DateTime [|Updated|] { get; protected set; }\n}\n\npublic sealed class OrderData : Audited\n");

        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new DataAnalyzer(), markup);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.StartsWith("'Audited.Updated' has a protected setter", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga035_is_quiet_on_the_valid_saga_and_workflow()
    {
        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new DataAnalyzer(), SagaSources.Valid)).Diagnostics);
        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new DataAnalyzer(), WorkflowAnalyzerTests.Workflow)).Diagnostics);
    }

    [Fact]
    public async Task Saga035_fires_on_the_data_of_a_workflow()
    {
        var markup = WorkflowAnalyzerTests.Workflow.Edit(PaymentId, PaymentId + "\n    public int [|Attempts|] { get; private set; }");

        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new DataAnalyzer(), markup);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SAGA035", diagnostic.Id);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains("'OrderWorkflow' saves its data as JSON", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
