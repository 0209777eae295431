using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using StackExchange.Redis;

namespace Sagas.Benchmarks;

/// <summary>
/// The "redis" mode: starts a redis-server of its own, measures the sample's order saga on it
/// (the store alone, then the store with the Streams transport, each at 1, 16 and 64 concurrent
/// sagas), then the ceiling (the commit script alone), and prints a Markdown table.
/// </summary>
internal static class RedisThroughput
{
    private static readonly int[] Concurrencies = [1, 16, 64];

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var seconds))
        {
            Console.Error.WriteLine("Usage: dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- redis [--seconds N]");
            Console.Error.WriteLine($"  N: seconds each throughput is measured for, after a warm-up of N/3 s (default {Timing.DefaultSeconds}).");
            return 2;
        }

        var timing = Timing.FromSeconds(seconds);
        using var cancel = new StopOnSignals();
        try
        {
            using var server = await RedisServerProcess.StartAsync(cancel.Token);
            Console.Error.WriteLine($"redis-server started on {server.Address}; {timing.Warmup.TotalSeconds} s warm-up, {timing.Measure.TotalSeconds} s measured, {timing.Monitor.TotalSeconds} s monitored per row");
            var table = await MeasureAllAsync(server, timing, cancel.Token);
            Console.WriteLine(table);
            foreach (var warning in server.Warnings())
            {
                Console.Error.WriteLine("redis-server log: " + warning);
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cancelled; redis-server stopped.");
            return 130;
        }
    }

    private static async Task<string> MeasureAllAsync(RedisServerProcess server, Timing timing, CancellationToken cancellationToken)
    {
        using var adminConnection = await ConnectionMultiplexer.ConnectAsync(server.Address + ",allowAdmin=true");
        var admin = adminConnection.GetDatabase();
        var version = InfoField((string?)await admin.ExecuteAsync("INFO", "server") ?? "", "redis_version") ?? "?";
        var logs = new LogCounter();
        var started = DateTime.UtcNow;

        var results = new List<ThroughputResult>();
        foreach (var (mode, run) in new (string, Func<RedisServerProcess, int, Timing, IDatabase, LogCounter, CancellationToken, Task<ThroughputResult>>)[]
        {
            (StoreOnlyRun.Mode, StoreOnlyRun.RunAsync),
            (StreamsRun.Mode, StreamsRun.RunAsync),
        })
        {
            foreach (var concurrency in Concurrencies)
            {
                await admin.ExecuteAsync("FLUSHALL"); // every row starts on an empty server
                Console.Error.WriteLine($"{mode}, {concurrency} concurrent sagas ...");
                results.Add(await run(server, concurrency, timing, admin, logs, cancellationToken));
            }
        }

        await admin.ExecuteAsync("FLUSHALL");
        Console.Error.WriteLine($"ceiling: the commit script alone, {CommitScriptCeiling.Callers} callers ...");
        var (ceiling, ceilingCalls, ceilingCommands) = await CommitScriptCeiling.RunAsync(server, timing, admin, cancellationToken);
        await admin.ExecuteAsync("FLUSHALL");
        return Table(results, ceiling, ceilingCalls, ceilingCommands, version, started, timing, logs);
    }

    private static string Table(IReadOnlyList<ThroughputResult> results, double ceiling, long ceilingCalls, CommandStats ceilingCommands, string version, DateTime started, Timing timing, LogCounter logs)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"### Sagas on Redis: the sample's order saga ({started:yyyy-MM-dd HH:mm} UTC)"));
        text.AppendLine();
        text.Append(Invariant($"Environment.ProcessorCount {Environment.ProcessorCount} · Redis {version} (own redis-server, no persistence) · {RuntimeInformation.FrameworkDescription} · "));
        text.Append(Invariant($"StackExchange.Redis {ClientVersion()} · per row: {timing.Warmup.TotalSeconds:0} s warm-up, "));
        text.AppendLine(Invariant($"{timing.Measure.TotalSeconds:0} s measured, then {timing.Monitor.TotalSeconds:0} s under MONITOR · 1 order in {Orders.StockOutEvery} compensates"));
        text.AppendLine();
        text.AppendLine("| mode | concurrent sagas | transitions/s | commands sent/transition | awaited round trips/transition | share of what the ceiling allows | commands sent per transition | commands Redis ran/transition (scripts' calls included) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var r in results)
        {
            // What the ceiling allows at this command count: `ceiling` commit scripts a second, SentPerTransition commands a transition.
            var share = r.TransitionsPerSecond * r.SentPerTransition / ceiling;
            text.AppendLine(Invariant(
                $"| {r.Mode} | {r.Concurrency} | {r.TransitionsPerSecond:N0} | {r.SentPerTransition:N2} | {r.AwaitedPerTransition:N2} | {share:P0} | {Breakdown(r.Sent, r.SentTransitions)} | {r.RanPerTransition:N2} |"));
        }

        // Measured, not assumed: the EVALSHAs (or EVALs) the server counted per script call the callers counted; each caller awaits each call.
        var scriptCommands = CommandStats.From(ceilingCommands.Calls.Where(c => c.Key is "evalsha" or "eval").ToDictionary());
        var sentPerScript = ThroughputResult.Per(scriptCommands.Total, ceilingCalls);
        text.AppendLine(Invariant(
            $"| ceiling: the commit script alone, one connection | {CommitScriptCeiling.Callers} callers | {ceiling:N0} scripts/s | {sentPerScript:N2} per script | {sentPerScript:N2} per script | | {Breakdown(scriptCommands, ceilingCalls)} | {ThroughputResult.Per(ceilingCommands.Total, ceilingCalls):N2} per script |"));
        text.AppendLine();
        text.AppendLine("- transitions/s: saga transitions saved (counted by an ISagaObserver) over the measured window. An order makes 4: placed, payment captured, stock reserved, shipped; or, one in ten, placed, payment captured, stock unavailable (compensating), refund confirmed (compensated).");
        text.AppendLine("- commands sent: commands the clients sent (the engine, the Streams readers, and in the Streams mode the driver's XADD of each OrderPlaced), counted with MONITOR in a window after the measured one; a script call counts once. Background polls and maintenance are included.");
        text.AppendLine($"- awaited round trips: the commands sent, less those nobody waits for: {string.Join(" and ", ThroughputResult.NotAwaited)} (the store's outbox HDEL is fire-and-forget; after a raw command, the blocking XREADGROUP on the reader's own connection, StackExchange.Redis sends a SELECT 0 ahead of that connection's next command, pipelined with it). Commands a caller awaits together count once each, so where the outbox relay sends several messages at once (Task.WhenAll) this is an upper bound.");
        text.AppendLine("- share of what the ceiling allows: transitions/s ÷ (ceiling scripts/s ÷ commands sent per transition), i.e. of the transitions/s the server's commit-script rate would allow at this command count. Loads and HDELs cost Redis less than a commit, so it can pass 100 %.");
        text.AppendLine("- commands Redis ran: the sum of calls in `INFO commandstats` over the measured window ÷ transitions; it counts every `redis.call` inside the Lua scripts as well, which is why it is far above the commands sent.");
        text.AppendLine(Invariant($"- warnings and errors the library logged: {logs.Count}{(logs.Count == 0 ? "" : "; first: " + string.Join(" | ", logs.First))}"));
        return text.ToString();
    }

    private static string Breakdown(CommandStats commands, long per) => string.Join(", ", commands.Calls
        .OrderByDescending(c => c.Value)
        .ThenBy(c => c.Key, StringComparer.Ordinal)
        .Select(c => (Name: c.Key, Per: ThroughputResult.Per(c.Value, per)))
        .Select(c => Invariant($"{c.Name} {(c.Per < 0.01 ? "<0.01" : c.Per.ToString("N2", CultureInfo.InvariantCulture))}")));

    // The package version: the assembly version of StackExchange.Redis 2.x is 2.0.0.0 whatever the release.
    private static string ClientVersion() =>
        typeof(ConnectionMultiplexer).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Select(a => a.InformationalVersion.Split('+')[0]).FirstOrDefault() ?? "?";

    private static string? InfoField(string info, string name) => info.Split('\n', StringSplitOptions.TrimEntries)
        .Where(l => l.StartsWith(name + ":", StringComparison.Ordinal))
        .Select(l => l[(name.Length + 1)..])
        .FirstOrDefault();

    private static bool TryParse(string[] args, out int seconds)
    {
        seconds = Timing.DefaultSeconds;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds > 0)
            {
                i++;
                continue;
            }

            return false;
        }

        return true;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
