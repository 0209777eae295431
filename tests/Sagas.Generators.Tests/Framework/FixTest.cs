using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Sagas.Generators.Tests.Framework;

/// <summary>
/// A code fix checked by the Roslyn testing framework (Microsoft.CodeAnalysis.CSharp.CodeFix.Testing):
/// the diagnostic required where the markup says before, the fixed source required after, with no
/// diagnostic of that id left, and the fix applied all at once (fix-all) giving the same result.
/// </summary>
internal sealed class FixTest : CodeFixTest<DefaultVerifier>
{
    private readonly DiagnosticAnalyzer _analyzer;
    private readonly CodeFixProvider _fix;

    private FixTest(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string id, string before, string after)
    {
        (_analyzer, _fix) = (analyzer, fix);
        TestCode = before;
        FixedCode = after;
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(TestCompilation.References);
        FixedState.AdditionalReferences.AddRange(TestCompilation.References);
        DisabledDiagnostics.AddRange(analyzer.SupportedDiagnostics.Select(d => d.Id).Where(other => other != id));
    }

    public override string Language => LanguageNames.CSharp;

    protected override string DefaultFileExt => "cs";

    public override Type SyntaxKindType => typeof(SyntaxKind);

    /// <summary>
    /// Requires <paramref name="id"/> on the span <paramref name="before"/> marks with <c>[|...|]</c>, and
    /// <paramref name="fix"/> to turn the source into <paramref name="after"/>.
    /// </summary>
    public static Task VerifyAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string id, string before, string after) =>
        new FixTest(analyzer, fix, id, before.Replace("[|", "{|" + id + ":", StringComparison.Ordinal).Replace("|]", "|}", StringComparison.Ordinal), after).RunAsync();

    protected override CompilationOptions CreateCompilationOptions() =>
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    protected override ParseOptions CreateParseOptions() => TestCompilation.ParseOptions;

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => [_analyzer];

    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => [_fix];
}
