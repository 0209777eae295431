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

    // What a new SDK project's ImplicitUsings gives the pasted code.
    private const string ImplicitUsings = "global using System; global using System.Threading; global using System.Threading.Tasks;";

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
