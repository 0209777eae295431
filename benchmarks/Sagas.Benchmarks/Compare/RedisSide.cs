using StackExchange.Redis;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// The Redis path beside its ceiling, with the redis mode's own measurements on a redis-server of
/// its own: the sample's order saga on the store and the Streams transport at 64 concurrent sagas
/// (<see cref="StreamsRun"/>), the store alone at 64 (<see cref="StoreOnlyRun"/>), then the commit
/// script alone (<see cref="CommitScriptCeiling"/>).
/// </summary>
internal static class RedisSide
{
    public const int Concurrency = 64;

    public static bool ServerInstalled => File.Exists(RedisServerProcess.Binary);

    public static async Task<Measurement> RunAsync(CompareOptions options)
    {
        using var cancel = new StopOnSignals();

        var timing = Timing.FromSeconds(options.RedisSeconds);
        using var server = await RedisServerProcess.StartAsync(cancel.Token);
        using var adminConnection = await ConnectionMultiplexer.ConnectAsync(server.Address + ",allowAdmin=true");
        var admin = adminConnection.GetDatabase();
        var logs = new LogCounter();

        await admin.ExecuteAsync("FLUSHALL");
        Console.Error.WriteLine($"  {StreamsRun.Mode}, {Concurrency} concurrent sagas ...");
        var streams = await StreamsRun.RunAsync(server, Concurrency, timing, admin, logs, cancel.Token);
        await admin.ExecuteAsync("FLUSHALL");
        Console.Error.WriteLine($"  {StoreOnlyRun.Mode}, {Concurrency} concurrent sagas ...");
        var storeOnly = await StoreOnlyRun.RunAsync(server, Concurrency, timing, admin, logs, cancel.Token);
        await admin.ExecuteAsync("FLUSHALL");
        Console.Error.WriteLine($"  ceiling: the commit script alone, {CommitScriptCeiling.Callers} callers ...");
        var (ceiling, _, _) = await CommitScriptCeiling.RunAsync(server, timing, admin, cancel.Token);
        await admin.ExecuteAsync("FLUSHALL");

        if (streams.Transitions == 0 || storeOnly.Transitions == 0)
        {
            return Measurement.Failed($"no transition was saved ({streams.Transitions} with Streams, {storeOnly.Transitions} on the store alone)");
        }

        var notes = new Dictionary<string, string>
        {
            ["warnings and errors the library logged"] = logs.Count == 0 ? "none" : $"{logs.Count}; first: {string.Join(" | ", logs.First)}",
        };
        return new Measurement(
            new Dictionary<string, double>
            {
                [Figure.TransitionsPerSecond] = streams.TransitionsPerSecond,
                [Figure.CommandsPerTransition] = streams.SentPerTransition,
                [Figure.RoundTripsPerTransition] = streams.AwaitedPerTransition,
                [Figure.StoreOnlyTransitionsPerSecond] = storeOnly.TransitionsPerSecond,
                [Figure.CeilingScriptsPerSecond] = ceiling,
            },
            null,
            notes);
    }
}
