using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Sagas.Generators.Tests.Generator;

/// <summary>
/// Runs the real generator over source text, as the compiler would, with step tracking on.
/// </summary>
internal static class GeneratorHarness
{
    // The steps the generator names (Roslyn tracks some internal steps of its own too).
    private static readonly HashSet<string> OurSteps =
        [.. typeof(TrackingNames).GetFields().Select(f => (string)f.GetRawConstantValue()!)];

    public static GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new SagaGenerator().AsSourceGenerator()],
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true),
        parseOptions: TestCompilation.ParseOptions);

    /// <summary>
    /// Runs the generator and fails the test if the output does not compile cleanly, or if a second
    /// run over a clone of the same compilation does anything but reuse the first run's results.
    /// </summary>
    public static (GeneratorDriver Driver, Compilation Output) Run(CSharpCompilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems));

        var again = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();
        foreach (var (step, runs) in again.TrackedSteps.Where(s => OurSteps.Contains(s.Key)))
        {
            foreach (var repeated in runs.SelectMany(r => r.Outputs))
            {
                Assert.True(repeated.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step {step} produced {repeated.Reason} on a second run over the same input: a spec is not equatable.");
            }
        }

        return (driver, output);
    }

    /// <summary>The generated files of the last run, by hint name.</summary>
    public static IReadOnlyDictionary<string, string> GeneratedSources(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().GeneratedSources
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString());
}
