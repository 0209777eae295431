using System.Text.RegularExpressions;

namespace Sagas.Redis.Tests;

/// <summary>README's event id table holds every line Sagas.Redis logs, with its id, level and message, and nothing more.</summary>
public sealed partial class RedisLogReadmeTests
{
    [Fact]
    public void Every_Redis_log_line_is_in_READMEs_event_id_table_as_the_source_says()
    {
        var root = ReadmeAcl.RepositoryRoot();
        var source = File.ReadAllText(Path.Combine(root, "src", "Sagas.Redis", "RedisLog.cs"));
        var declared = LoggerMessage().Matches(source)
            .Select(m => $"| {m.Groups["id"].Value} | {m.Groups["level"].Value} | Redis | {m.Groups["message"].Value} |")
            .Order(StringComparer.Ordinal)
            .ToList();
        var listed = File.ReadAllLines(Path.Combine(root, "README.md"))
            .Where(l => RedisRow().IsMatch(l))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, listed);
    }

    [GeneratedRegex("""\[LoggerMessage\(EventId = (?<id>\d+), Level = LogLevel\.(?<level>\w+), Message = "(?<message>[^"]*)"\)\]""")]
    private static partial Regex LoggerMessage();

    [GeneratedRegex(@"^\| 4\d{3} \|")]
    private static partial Regex RedisRow();
}
