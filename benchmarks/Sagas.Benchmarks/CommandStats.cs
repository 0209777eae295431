using System.Globalization;
using StackExchange.Redis;

namespace Sagas.Benchmarks;

/// <summary>
/// The server's count of calls per command, from <c>INFO commandstats</c>: taken before and after a
/// measurement, the difference is every command every client sent in between, background work
/// included. The <c>info</c> calls that take these snapshots are left out.
/// </summary>
internal sealed class CommandStats
{
    private CommandStats(IReadOnlyDictionary<string, long> calls) => Calls = calls;

    /// <summary>Calls per command name as Redis reports it (lower case; subcommands as <c>xgroup|create</c>).</summary>
    public IReadOnlyDictionary<string, long> Calls { get; }

    public long Total => Calls.Values.Sum();

    public long this[string command] => Calls.TryGetValue(command, out var calls) ? calls : 0;

    public static CommandStats From(IReadOnlyDictionary<string, long> calls) => new(calls);

    public static async Task<CommandStats> ReadAsync(IDatabase admin)
    {
        var text = (string?)await admin.ExecuteAsync("INFO", "commandstats") ?? "";
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries))
        {
            // cmdstat_evalsha:calls=12,usec=34,usec_per_call=2.83,rejected_calls=0,failed_calls=0
            const string Prefix = "cmdstat_";
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!line.StartsWith(Prefix, StringComparison.Ordinal) || colon < 0)
            {
                continue;
            }

            var field = line[(colon + 1)..].Split(',').FirstOrDefault(f => f.StartsWith("calls=", StringComparison.Ordinal));
            if (field is not null)
            {
                calls[line[Prefix.Length..colon]] = long.Parse(field["calls=".Length..], CultureInfo.InvariantCulture);
            }
        }

        return new CommandStats(calls);
    }

    /// <summary>What was called between <paramref name="earlier"/> and this snapshot, without the snapshots' own <c>info</c>.</summary>
    public CommandStats Since(CommandStats earlier) => new(Calls
        .Where(c => c.Key != "info")
        .Select(c => (c.Key, Calls: c.Value - earlier[c.Key]))
        .Where(c => c.Calls != 0)
        .ToDictionary(c => c.Key, c => c.Calls, StringComparer.Ordinal));
}
