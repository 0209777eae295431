namespace Sagas.Tests.Shared;

/// <summary>
/// README's code blocks that tests compile: a block of a test source, between two marker comments,
/// must stand verbatim as a <c>csharp</c> block in one README section. Linked into each test project
/// that checks one.
/// </summary>
internal static class ReadmeCode
{
    /// <summary>The code of <paramref name="source"/> (a path under the repository) between the <c>// {marker}: begin</c> and <c>// {marker}: end</c> lines.</summary>
    public static string Block(string source, string marker)
    {
        var begin = $"// {marker}: begin\n";
        var code = File.ReadAllText(Path.Combine(RepositoryRoot(), source)).ReplaceLineEndings("\n");
        var start = code.IndexOf(begin, StringComparison.Ordinal) + begin.Length;
        return code[start..code.IndexOf($"// {marker}: end", StringComparison.Ordinal)];
    }

    /// <summary>The text of README's section <paramref name="heading"/> (a level-2 heading), up to the next one.</summary>
    public static string Section(string heading)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf($"\n## {heading}\n", StringComparison.Ordinal)..];
        return section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
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
