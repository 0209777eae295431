using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.Analyzers.Sagas;

/// <summary>
/// The sagas a newcomer reads first must not be flagged: only the Info SAGA022, which reminds
/// that unexpected messages fault by default, may remain.
/// </summary>
public sealed partial class ReadmeAndSampleTests
{
    // What a new SDK project's ImplicitUsings gives the pasted code.
    private const string ImplicitUsings = "global using System; global using System.Threading; global using System.Threading.Tasks;";

    [Fact]
    public async Task The_readme_quick_start_and_the_sample_saga_have_no_saga_diagnostics_but_info_saga022()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var quickStart = readme[readme.IndexOf("## Quick start", StringComparison.Ordinal)..];
        var sample = Path.Combine(RepositoryRoot(), "samples", "OrderFulfillment");

        var fromReadme = await AnalyzeAsync(CodeBlock().Match(quickStart).Groups["code"].Value, ImplicitUsings);
        var fromSample = await AnalyzeAsync(
            File.ReadAllText(Path.Combine(sample, "Contracts.cs")),
            File.ReadAllText(Path.Combine(sample, "OrderSaga.cs")),
            ImplicitUsings);

        // Both declare a saga, so an analyzer that sees nothing would not pass.
        Assert.Contains(fromReadme, d => d.Id == "SAGA022");
        Assert.Contains(fromSample, d => d.Id == "SAGA022");
        Assert.Empty(fromReadme.Where(d => d.Id != "SAGA022" || d.Severity != DiagnosticSeverity.Info));
        Assert.Empty(fromSample.Where(d => d.Id != "SAGA022" || d.Severity != DiagnosticSeverity.Info));
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params string[] sources)
    {
        var compilation = TestCompilation.Create(sources);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The source does not compile:\n" + string.Join("\n", errors));
        return await compilation.WithAnalyzers([new SagaAnalyzer(), new DataAnalyzer()]).GetAnalyzerDiagnosticsAsync();
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "..", ".."));

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
