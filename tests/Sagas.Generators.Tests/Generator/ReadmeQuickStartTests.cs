using System.Text.RegularExpressions;

namespace Sagas.Generators.Tests.Generator;

/// <summary>The README's quick start is code a newcomer pastes: it must compile, with the generator, cleanly.</summary>
public sealed partial class ReadmeQuickStartTests
{
    [Fact]
    public void The_quick_start_saga_compiles_with_the_generator()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var quickStart = readme[readme.IndexOf("## Quick start", StringComparison.Ordinal)..];
        var code = CodeBlock().Match(quickStart).Groups["code"].Value;

        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(code, ImplicitUsings));

        Assert.Contains("OrderSaga.g.cs", GeneratorHarness.GeneratedSources(driver).Keys);
    }

    [Fact]
    public void The_complete_example_is_the_sample_saga_as_it_is()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var sample = File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "OrderFulfillment", "OrderSaga.cs")).ReplaceLineEndings("\n");

        var saga = sample[sample.IndexOf("[Saga]", StringComparison.Ordinal)..].TrimEnd();

        Assert.True(readme.Contains(saga, StringComparison.Ordinal), "README's complete example differs from samples/OrderFulfillment/OrderSaga.cs: copy the saga over.");
    }

    [Fact]
    public void The_diagram_in_README_is_the_one_the_build_draws_for_the_sample()
    {
        var root = RepositoryRoot();
        var sample = Path.Combine(root, "samples", "OrderFulfillment");
        var compilation = TestCompilation.Create(
            File.ReadAllText(Path.Combine(sample, "Contracts.cs")), File.ReadAllText(Path.Combine(sample, "OrderSaga.cs")), ImplicitUsings);

        var (driver, _) = GeneratorHarness.Run(compilation);

        var spec = (Sagas.Generators.Model.SagaSpec)driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Sagas].Single().Outputs.Single().Value;
        var mermaid = Sagas.Generators.Emit.Diagrams.Mermaid(spec).TrimEnd('\n');
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        Assert.True(readme.Contains("```mermaid\n" + mermaid + "\n```", StringComparison.Ordinal), "README's diagram is not the sample's; paste this:\n" + mermaid);
    }

    [Fact]
    public void The_workflow_example_is_the_one_the_workflow_tests_compile()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var source = Analyzers.Workflows.WorkflowAnalyzerTests.Workflow.ReplaceLineEndings("\n");
        var workflow = source[source.IndexOf("[Workflow]", StringComparison.Ordinal)..].TrimEnd();

        Assert.True(readme.Contains("```csharp\n" + workflow + "\n```", StringComparison.Ordinal), "README's workflow example differs from WorkflowAnalyzerTests.Workflow: copy it over.");
    }

    // What a new SDK project's ImplicitUsings gives the pasted code.
    private const string ImplicitUsings = "global using System; global using System.Threading; global using System.Threading.Tasks;";

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
