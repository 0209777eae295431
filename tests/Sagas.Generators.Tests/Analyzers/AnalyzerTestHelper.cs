using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Sagas.Generators.Tests.Analyzers;

/// <summary>
/// Runs one analyzer over source text marked with <c>[|...|]</c> around the span a diagnostic is
/// expected on, the markers stripped before compiling.
/// </summary>
internal static class AnalyzerTestHelper
{
    private const string Open = "[|";
    private const string Close = "|]";

    /// <summary>
    /// The analyzer's diagnostics, ordered by position, and the span marked in the source. Fails
    /// when the source itself does not compile, so a quiet test cannot pass only because
    /// <c>[Event]</c> did not resolve.
    /// </summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, TextSpan? Marked)> AnalyzeAsync(DiagnosticAnalyzer analyzer, string markup)
    {
        var (source, marked) = ParseMarkup(markup);
        var diagnostics = await AnalyzeSourceAsync(analyzer, source);

        // A rule found once, on the marked span, is checked by the Roslyn testing framework as well:
        // there, and nowhere else in the source.
        foreach (var id in diagnostics.GroupBy(d => d.Id).Where(g => g.Count() == 1 && g.Single().Location.SourceSpan == marked).Select(g => g.Key))
        {
            await Framework.RuleTest.VerifyAsync(analyzer, id, markup);
        }

        return (diagnostics, marked);
    }

    private static (string Source, TextSpan? Span) ParseMarkup(string markup)
    {
        var start = markup.IndexOf(Open, StringComparison.Ordinal);
        if (start < 0)
        {
            return (markup, null);
        }

        var end = markup.IndexOf(Close, start, StringComparison.Ordinal);
        Assert.True(end > start, "The markup opens a span with [| but never closes it with |].");
        var source = markup.Remove(end, Close.Length).Remove(start, Open.Length);
        return (source, TextSpan.FromBounds(start, end - Open.Length));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeSourceAsync(DiagnosticAnalyzer analyzer, string source)
    {
        var compilation = TestCompilation.Create(source);

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test source does not compile:\n" + string.Join("\n", errors));

        var diagnostics = await compilation
            .WithAnalyzers([analyzer])
            .GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.OrderBy(d => d.Location.SourceSpan.Start)];
    }
}
