using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sagas.Generators.Emit;
using Sagas.Generators.Model;

namespace Sagas.Generators.Tests.Generator;

/// <summary>
/// SagasEmitDiagrams: the generator adds a per-saga file whose Mermaid and DOT blocks the build
/// targets copy into .mmd and .dot files; the file itself compiles to nothing.
/// </summary>
public sealed class DiagramFileTests
{
    private const string DiagramFile = "Shop.Orders.OrderSaga.Diagrams.g.cs";
    private static readonly BuildProperties On = new(("SagasEmitDiagrams", "true"));

    [Fact]
    public void With_the_property_each_saga_gets_its_diagrams_in_blocks_the_build_can_copy_out()
    {
        var (driver, _) = Run(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga), On);

        var text = Generated(driver)[DiagramFile];
        Assert.Equal("""
            stateDiagram-v2
                [*] --> AwaitingPayment : OrderPlaced
                AwaitingPayment --> AwaitingStock : payments.captured.v1 / undo: Refund
                AwaitingStock --> Completed : StockReserved
                AwaitingStock --> Compensated : StockUnavailable / compensate
                Compensated --> Compensated : payments.captured.v1
                Completed --> [*]
                Compensated --> [*]
            """, Block(text, "mermaid"));
        // The same text as the description the saga carries at run time.
        var saga = Spec(driver);
        Assert.Equal(Diagrams.Mermaid(saga).TrimEnd('\n'), Block(text, "mermaid"));
        Assert.Equal(Diagrams.Dot(saga).TrimEnd('\n'), Block(text, "dot"));
    }

    [Fact]
    public void A_workflow_gets_its_diagrams_like_a_saga()
    {
        var (driver, _) = Run(TestCompilation.Create(Analyzers.Workflows.WorkflowAnalyzerTests.Workflow), On);

        var mermaid = Block(Generated(driver)["Shop.OrderWorkflow.Diagrams.g.cs"], "mermaid");
        Assert.Contains("[*] --> Pay : OrderPlaced", mermaid, StringComparison.Ordinal);
        Assert.Contains("Pay --> Ship : PaymentCaptured / undo: Refund until PaymentRefunded", mermaid, StringComparison.Ordinal);
        Assert.Contains("Pay --> Compensated : OrderWorkflow.PayTimedOut / compensate", mermaid, StringComparison.Ordinal);
        Assert.Contains("Pay --> Failed : PaymentDeclined / compensation failed", mermaid, StringComparison.Ordinal);
        Assert.Contains("Ship --> Completed : OrderShipped", mermaid, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("")]
    public void Without_the_property_no_diagram_file_is_generated(string? value)
    {
        var properties = value is null ? new BuildProperties() : new BuildProperties(("SagasEmitDiagrams", value));

        var (driver, _) = Run(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga), properties);

        Assert.DoesNotContain(Generated(driver).Keys, k => k.EndsWith(".Diagrams.g.cs", StringComparison.Ordinal));
        Assert.Contains("Shop.Orders.OrderSaga.g.cs", Generated(driver).Keys);
    }

    [Fact]
    public void A_second_run_on_the_same_input_is_cached()
    {
        var compilation = TestCompilation.Create(Sources.Contracts, Sources.OrderSaga);
        var (driver, _) = Run(compilation, On);

        var second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        AssertCached(second, second.TrackedSteps[TrackingNames.EmitDiagrams]);
        AssertCached(second, second.TrackedOutputSteps.SelectMany(s => s.Value));
    }

    [Fact]
    public void Another_build_property_changing_re_emits_nothing()
    {
        var compilation = TestCompilation.Create(Sources.Contracts, Sources.OrderSaga);
        var (driver, _) = Run(compilation, On);

        var second = driver.WithUpdatedAnalyzerConfigOptions(new BuildProperties(("SagasEmitDiagrams", "true"), ("RootNamespace", "Shop.Other")))
            .RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.All(second.TrackedSteps[TrackingNames.EmitDiagrams].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        AssertCached(second, second.TrackedOutputSteps.SelectMany(s => s.Value));
    }

    // Reads a block as Sagas.Abstractions.targets does: the lines between the BEGIN and END markers.
    private static string Block(string text, string kind)
    {
        var match = Regex.Match(text, $"(?s)#if false // BEGIN {kind}\\r?\\n(.*?)\\r?\\n#endif // END {kind}");
        Assert.True(match.Success, $"No {kind} block in:\n{text}");
        return match.Groups[1].Value;
    }

    private static (GeneratorDriver Driver, Compilation Output) Run(CSharpCompilation compilation, BuildProperties properties)
    {
        var driver = CSharpGeneratorDriver.Create(
                [new SagaGenerator().AsSourceGenerator()],
                parseOptions: TestCompilation.ParseOptions,
                optionsProvider: properties,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems));
        return (driver, output);
    }

    private static Dictionary<string, string> Generated(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    private static SagaSpec Spec(GeneratorDriver driver) =>
        (SagaSpec)driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Sagas].Single().Outputs.Single().Value;

    private static void AssertCached(GeneratorRunResult result, IEnumerable<IncrementalGeneratorRunStep> steps)
    {
        var outputs = steps.SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"A step of {result.Generator.GetGeneratorType().Name} produced {o.Reason}; it should have been cached."));
    }
}
