using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators;
using Sagas.Generators.Analyzers;

namespace Sagas.Benchmarks;

/// <summary>
/// What the generator and analyzers cost the compiler and the IDE, over <see cref="SyntheticProject"/>
/// (200 sagas of 10 events): a command-line build's full run, the IDE's run after a keystroke in a
/// file no saga depends on, a full analyzer pass, the contract baseline (generator and analyzer, with
/// the project's baseline as written by the build), and, for scale, the compiler's own work on the
/// project with and without the generated code.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    // Listed by hand so the figure says what it covers; Setup fails when an analyzer is added and not listed here.
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
    [
        new EventNamingAnalyzer(), new MessageAnalyzer(), new SagaAnalyzer(), new ParticipantAnalyzer(), new WorkflowAnalyzer(),
        new CompositionAnalyzer(), new SentMessageAnalyzer(), new DataAnalyzer(), new VersionAnalyzer(), new ContractAnalyzer(),
    ];

    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private CSharpCompilation _compilation = null!;
    private SyntaxTree _unrelated = null!;
    private SyntaxTree _unrelatedEdited = null!;
    private GeneratorDriver _warmDriver = null!;
    private Compilation _generated = null!;
    private ContractBaselineFile _baseline = null!;
    private GeneratorDriver _warmBaselineDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        CheckEveryAnalyzerIsListed();
        _unrelated = CSharpSyntaxTree.ParseText(SyntheticProject.Unrelated(1), ParseOptions, path: "Other/Settings.cs");
        _unrelatedEdited = CSharpSyntaxTree.ParseText(SyntheticProject.Unrelated(2), ParseOptions, path: "Other/Settings.cs");
        _compilation = CSharpCompilation.Create(
            "Bench",
            SyntheticProject.Files().Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: f.Path)).Append(_unrelated),
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        _warmDriver = NewDriver().RunGeneratorsAndUpdateCompilation(_compilation, out _generated, out _);
        CheckGeneratedCodeCompiles();
        _baseline = ContractBaselineFile.Write(NewDriver(baseline: null, contracts: true).RunGenerators(_compilation.Clone()));
        _warmBaselineDriver = NewDriver(_baseline, contracts: true).RunGenerators(_compilation);

        // The baseline is the code's own: the analyzer measured judges every contract and reports nothing.
        var breaks = ContractAnalyzerWithBaseline().GetAwaiter().GetResult();
        if (breaks.Length > 0)
        {
            throw new InvalidOperationException("The synthetic project breaks its own baseline: " + breaks[0]);
        }
    }

    /// <summary>A command-line build: a new driver and a compilation with nothing bound yet.</summary>
    [Benchmark]
    public GeneratorDriver FullGeneratorRun() => NewDriver().RunGenerators(_compilation.Clone());

    /// <summary>The IDE after a keystroke in a file no saga depends on: every saga step should be cached.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalRunAfterUnrelatedEdit() =>
        _warmDriver.RunGenerators(_compilation.ReplaceSyntaxTree(_unrelated, _unrelatedEdited));

    /// <summary>
    /// Every analyzer of Sagas.Generators over the project's own code (they skip generated code), with
    /// the binding they need; <see cref="CompilerDiagnostics"/> is that binding alone.
    /// </summary>
    [Benchmark]
    public Task<ImmutableArray<Diagnostic>> AllAnalyzers() =>
        _compilation.Clone()
            .WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();

    /// <summary>
    /// A build with <c>SagasContractBaseline</c> on and the baseline in place: the generator reads
    /// every contract, compares it with the baseline and writes the new one. Against <see cref="FullGeneratorRun"/>.
    /// </summary>
    [Benchmark]
    public GeneratorDriver FullGeneratorRunWithContractBaseline() => NewDriver(_baseline, contracts: true).RunGenerators(_compilation.Clone());

    /// <summary>The IDE after a keystroke with the baseline on: the contracts are read again, nothing is re-emitted. Against <see cref="IncrementalRunAfterUnrelatedEdit"/>.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalRunWithContractBaseline() =>
        _warmBaselineDriver.RunGenerators(_compilation.ReplaceSyntaxTree(_unrelated, _unrelatedEdited));

    /// <summary>SAGA038 alone over the project and its baseline, with the binding it needs: against <see cref="CompilerDiagnostics"/>.</summary>
    [Benchmark]
    public Task<ImmutableArray<Diagnostic>> ContractAnalyzerWithBaseline() =>
        _compilation.Clone()
            .WithAnalyzers([new ContractAnalyzer()], new CompilationWithAnalyzersOptions(new AnalyzerOptions([_baseline]), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();

    /// <summary>The compiler's own diagnostics of the project without generated code: the floor under <see cref="AllAnalyzers"/>.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> CompilerDiagnostics() => _compilation.Clone().GetDiagnostics();

    /// <summary>The same with the generated code: the difference is what compiling the generated code adds to a build.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> CompilerDiagnosticsWithGeneratedCode() => _generated.Clone().GetDiagnostics();

    private static GeneratorDriver NewDriver(AdditionalText? baseline = null, bool contracts = false) => CSharpGeneratorDriver.Create(
        [new SagaGenerator().AsSourceGenerator()],
        additionalTexts: baseline is null ? [] : [baseline],
        parseOptions: ParseOptions,
        optionsProvider: contracts ? ContractBaselineFile.On : null,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    // The framework, Sagas.Abstractions and the Sagas runtime, as a user project references them.
    private static IEnumerable<MetadataReference> References()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var sagas = new[] { typeof(EventAttribute).Assembly.Location, typeof(SagaEngine).Assembly.Location };
        return platform.Concat(sagas).Distinct(StringComparer.Ordinal).Select(p => MetadataReference.CreateFromFile(p));
    }

    private static void CheckEveryAnalyzerIsListed()
    {
        var listed = Analyzers.Select(a => a.GetType()).ToHashSet();
        var missing = typeof(SagaGenerator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !listed.Contains(t))
            .Select(t => t.Name)
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Add {string.Join(", ", missing)} to GeneratorBenchmarks.Analyzers, so the analyzer figure covers every analyzer.");
        }
    }

    // A benchmark of a generator that skipped the sagas would measure nothing.
    private void CheckGeneratedCodeCompiles()
    {
        var sagaFiles = _warmDriver.GetRunResult().GeneratedTrees.Count(t => t.FilePath.EndsWith("Saga.g.cs", StringComparison.Ordinal));
        var errors = _generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        if (sagaFiles != SyntheticProject.SagaCount || errors.Count > 0)
        {
            throw new InvalidOperationException($"The synthetic project generated {sagaFiles} saga files of {SyntheticProject.SagaCount}; errors: {string.Join("; ", errors)}");
        }
    }
}
