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

    // What a new SDK project's ImplicitUsings gives the pasted code.
    private const string ImplicitUsings = "global using System; global using System.Threading; global using System.Threading.Tasks;";

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
