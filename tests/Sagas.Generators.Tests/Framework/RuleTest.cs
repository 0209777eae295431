using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Sagas.Generators.Tests.Framework;

/// <summary>
/// One rule checked by the Roslyn testing framework (Microsoft.CodeAnalysis.CSharp.Analyzer.Testing):
/// the source compiled as <see cref="TestCompilation"/> compiles it, the analyzer run on it, and its
/// diagnostics of one id required exactly where the markup says, <c>{|SAGA006:On|}</c>, and nowhere
/// else; compiler errors fail it too.
/// </summary>
internal sealed class RuleTest : AnalyzerTest<DefaultVerifier>
{
    private readonly DiagnosticAnalyzer _analyzer;

    private RuleTest(DiagnosticAnalyzer analyzer, string id, string markup, (string Path, string Markup)[] additionalFiles)
    {
        _analyzer = analyzer;
        TestCode = markup;
        foreach (var file in additionalFiles)
        {
            TestState.AdditionalFiles.Add((file.Path, Expand(file.Markup, id)));
        }

        // The references of the hand-written tests (this runtime, Sagas): nothing downloaded.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(TestCompilation.References);
        // The analyzer's other rules are tested on their own.
        DisabledDiagnostics.AddRange(analyzer.SupportedDiagnostics.Select(d => d.Id).Where(other => other != id));
    }

    public override string Language => LanguageNames.CSharp;

    protected override string DefaultFileExt => "cs";

    /// <summary>
    /// Requires <paramref name="analyzer"/>'s diagnostics of <paramref name="id"/> to be exactly those
    /// the markup marks: <c>[|...|]</c> (read as this id) or <c>{|id:...|}</c>; none when nothing is marked.
    /// </summary>
    public static Task VerifyAsync(DiagnosticAnalyzer analyzer, string id, string markup) =>
        VerifyAsync(analyzer, id, markup, []);

    /// <summary>As <see cref="VerifyAsync(DiagnosticAnalyzer, string, string)"/>, with additional files, whose markup marks diagnostics too.</summary>
    public static Task VerifyAsync(DiagnosticAnalyzer analyzer, string id, string markup, params (string Path, string Markup)[] additionalFiles) =>
        new RuleTest(analyzer, id, Expand(markup, id), additionalFiles).RunAsync();

    private static string Expand(string markup, string id) =>
        markup.Replace("[|", "{|" + id + ":", StringComparison.Ordinal).Replace("|]", "|}", StringComparison.Ordinal);

    protected override CompilationOptions CreateCompilationOptions() =>
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    protected override ParseOptions CreateParseOptions() => TestCompilation.ParseOptions;

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => [_analyzer];
}
