using System.Text.RegularExpressions;

namespace Sagas.Packaging.Tests;

/// <summary>README's table of log events is the one the sources declare: every id, level and message.</summary>
public sealed partial class ReadmeEventIdsTests
{
    [Fact]
    public void Every_log_line_in_the_sources_has_its_row_in_README_and_every_row_a_line()
    {
        var root = DotNetCli.RepositoryRoot();
        var declared = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Declared().Matches(File.ReadAllText(f)))
            .Select(m => $"{m.Groups["id"].Value} | {m.Groups["level"].Value} | {m.Groups["message"].Value}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var listed = Listed().Matches(File.ReadAllText(Path.Combine(root, "README.md")))
            .Select(m => $"{m.Groups["id"].Value} | {m.Groups["level"].Value} | {m.Groups["message"].Value.Trim()}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, listed);
    }

    [GeneratedRegex("""\[LoggerMessage\(EventId = (?<id>\d+), Level = LogLevel\.(?<level>\w+), Message = "(?<message>(?:[^"\\]|\\.)*)"\)\]""")]
    private static partial Regex Declared();

    [GeneratedRegex(@"^\| (?<id>\d{4}) \| (?<level>\w+) \| [^|]+ \| (?<message>.*) \|$", RegexOptions.Multiline)]
    private static partial Regex Listed();
}
