namespace Sagas.Tests;

/// <summary>README's Versioning section shows the message that VersioningTests upcasts, verbatim.</summary>
public sealed class ReadmeVersioningTests
{
    private const string Begin = "// README Versioning: begin\n";
    private const string End = "// README Versioning: end";

    [Fact]
    public void The_Versioning_section_of_README_holds_the_code_these_tests_run()
    {
        var root = RepositoryRoot();
        var code = File.ReadAllText(Path.Combine(root, "tests", "Sagas.Tests", "VersionedMessages.cs")).ReplaceLineEndings("\n");
        var start = code.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length;
        var block = code[start..code.IndexOf(End, StringComparison.Ordinal)];
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains("[UpcastFrom(1)]", block, StringComparison.Ordinal);
        var section = readme[readme.IndexOf("\n## Versioning\n", StringComparison.Ordinal)..];
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
