namespace Sagas.Testing.Tests;

/// <summary>README's Testing section shows the code OrderSagaTests.cs compiles and runs, verbatim.</summary>
public sealed class ReadmeTests
{
    private const string Begin = "// README Testing: begin\n";
    private const string End = "// README Testing: end";

    [Fact]
    public void The_Testing_section_of_README_holds_the_code_these_tests_run()
    {
        var root = RepositoryRoot();
        var code = File.ReadAllText(Path.Combine(root, "tests", "Sagas.Testing.Tests", "OrderSagaTests.cs")).ReplaceLineEndings("\n");
        var start = code.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length;
        var block = code[start..code.IndexOf(End, StringComparison.Ordinal)];
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains("A_lost_shipment_times_out_and_the_order_is_compensated", block, StringComparison.Ordinal);
        var section = readme[readme.IndexOf("\n## Testing\n", StringComparison.Ordinal)..];
        Assert.Contains("```csharp\n" + block + "```\n", section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Sagas.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Sagas.sln not found above " + AppContext.BaseDirectory);
    }
}
