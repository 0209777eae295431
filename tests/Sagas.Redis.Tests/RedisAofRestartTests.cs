using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Sagas.Redis.Tests;

/// <summary>
/// Redis killed and restarted mid-run with an append-only file (<c>appendfsync always</c>): every
/// transition it acknowledged survives, none is made twice, and the running workers reconnect on
/// their own and finish the work, without restarting the app.
/// </summary>
/// <remarks>
/// Each test starts a server of its own (with the append-only file), but runs in the Redis
/// collection so that it does not compete for the CPU with the other Redis tests.
/// </remarks>
[Collection(RedisCollection.Name)]
public sealed class RedisAofRestartTests(ITestOutputHelper output)
{
    private const int Sagas = 200;
    private const int KillAfterFinished = 20;
    private static readonly string[] WireNames =
        ["test.shipment-requested", "test.dispatch-parcel", "test.parcel-dispatched", "test.shipment-overdue"];

    private readonly string _prefix = $"aof-{Guid.NewGuid():N}:";

    // Both tests kill the server they start, so they are skipped under SAGAS_REDIS with the other
    // such tests (an AppendOnly fixture would start its own server even then).

    // The test app's settings: retries 10 ms apart, so a message in hand when Redis dies uses them
    // up while Redis is down, and a 2 s take-over. The relay grace period is kept below the
    // take-over time, as SagasOptions.RelayGracePeriod asks: a taken-over message relays what its
    // step left unsent.
    [RedisFact(TakesRedisAway = true)]
    public Task Redis_killed_and_restarted_with_an_append_only_file_loses_no_committed_transition_and_workers_reconnect() =>
        WithAppendOnlyServerAsync(
            streams: o => o.ClaimIdleTime = TimeSpan.FromSeconds(2),
            sagas: o => o.RelayGracePeriod = TimeSpan.FromSeconds(1));

    // The same with the default retry delays (0.2 s, 1 s, 5 s) and relay grace period (10 s), as an
    // app in production has them: Redis is back before the retries are used up, so the worker's own
    // retry, not a take-over, is what finds a step saved before the kill. The take-over time stays
    // longer than the grace period, as documented, and short enough for a test.
    [RedisFact(TakesRedisAway = true)]
    public Task Redis_killed_and_restarted_with_an_append_only_file_is_ridden_out_with_the_default_retry_delays() =>
        WithAppendOnlyServerAsync(
            streams: o => o.ClaimIdleTime = TimeSpan.FromSeconds(15),
            sagas: o => o.RetryDelays = null); // the defaults

    private async Task WithAppendOnlyServerAsync(Action<RedisStreamsOptions>? streams, Action<SagasOptions> sagas)
    {
        var redis = new RedisServerFixture { AppendOnly = true };
        await redis.InitializeAsync();
        try
        {
            Assert.True(redis.OwnsServer, "an AppendOnly fixture starts its own server");
            await RunAsync(redis, streams, sagas);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    private async Task RunAsync(RedisServerFixture redis, Action<RedisStreamsOptions>? streams, Action<SagasOptions> sagas)
    {
        var clock = Stopwatch.StartNew();
        var logs = new TimedLogs();
        await using var app = await StreamsApp.StartAsync(
            redis.Address,
            _prefix,
            streams: streams,
            redis: o => o.ConnectTimeout = TimeSpan.FromSeconds(30));

        // StreamsApp fixes the SagasOptions; the worker and the engine read them from this one instance for every message.
        var options = app.Services.GetRequiredService<IOptions<SagasOptions>>().Value;
        sagas(options);
        output.WriteLine($"retry delays {string.Join(", ", (IEnumerable<TimeSpan>?)options.RetryDelays ?? SagasOptions.DefaultRetryDelays)}; relay grace period {options.RelayGracePeriod}");

        // StreamsApp clears the providers; one added to the factory afterwards reaches every logger, the existing ones too.
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);

        var ids = Enumerable.Range(0, Sagas).Select(_ => Guid.NewGuid()).ToArray();
        await Task.WhenAll(ids.Select(id => app.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 60_000)).AsTask()));
        output.WriteLine($"{clock.ElapsedMilliseconds} ms: published {Sagas}");

        await StreamsApp.EventuallyAsync(() => FinishedInApp(app).Count >= KillAfterFinished, $"{KillAfterFinished} sagas to finish before the kill");
        redis.Kill();

        // Seen to finish by now means its commit was acknowledged by the server just killed.
        var finishedBeforeKill = FinishedInApp(app);
        output.WriteLine($"{clock.ElapsedMilliseconds} ms ({DateTime.UtcNow:HH:mm:ss.fff} UTC): killed Redis with {finishedBeforeKill.Count} of {Sagas} finished");
        Assert.True(finishedBeforeKill.Count < Sagas, $"all {Sagas} sagas finished before Redis was killed: the test saw no restart mid-run");

        await Task.Delay(TimeSpan.FromSeconds(1));
        await redis.StartAsync(); // same port and folder: it loads the append-only file
        output.WriteLine($"{clock.ElapsedMilliseconds} ms ({DateTime.UtcNow:HH:mm:ss.fff} UTC): Redis is back");

        // Finished according to Redis, not to the app: a commit applied just before the kill whose
        // reply was lost is found already handled on redelivery, and the app never sees it.
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var database = raw.GetDatabase();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var deadline = DateTime.UtcNow.AddSeconds(45);
        string?[] states;
        while (true)
        {
            states = await StatesAsync(database, ids);
            if (states.All(s => s == "Dispatched"))
            {
                break;
            }

            // The workers must ride the restart out: an app that stops itself will not finish the work.
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                var stuck = ids.Where((_, i) => states[i] != "Dispatched").ToArray();
                Assert.Fail($"The app stopped itself after the restart, with {stuck.Length} of {Sagas} sagas not Dispatched.\n"
                    + await DescribeAsync(app, database, stuck, states, ids, logs));
            }

            if (DateTime.UtcNow > deadline)
            {
                var stuck = ids.Where((_, i) => states[i] != "Dispatched").ToArray();
                Assert.Fail($"{stuck.Length} of {Sagas} sagas did not reach Dispatched within 45 s of the restart.\n"
                    + await DescribeAsync(app, database, stuck, states, ids, logs));
            }

            await Task.Delay(100);
        }

        output.WriteLine($"{clock.ElapsedMilliseconds} ms: all {Sagas} Dispatched in Redis");

        // Read back from Redis through the app's own store (and so its reconnected connection).
        var store = Assert.IsType<RedisSagaStore>(app.Services.GetRequiredService<ISagaStore>());
        var failures = new List<string>();
        foreach (var id in ids)
        {
            var history = await store.GetHistoryAsync(Key(id), CancellationToken.None);
            var steps = history.Select(h => $"{h.FromState ?? "null"}->{h.ToState}").ToArray();
            var wellFormed = steps.SequenceEqual(["null->Dispatching", "Dispatching->Dispatched"])
                && history[0].MessageType == "test.shipment-requested"
                && history[1].MessageType == "test.parcel-dispatched"
                && history.Select(h => h.MessageId).Distinct().Count() == history.Count;
            if (!wellFormed)
            {
                failures.Add($"saga {id}: history [{Format(history)}]");
            }
        }

        foreach (var id in finishedBeforeKill)
        {
            var snapshot = await store.LoadAsync(Key(id), "probe-" + Guid.NewGuid().ToString("N"), CancellationToken.None);
            if (snapshot is not { State: "Dispatched", IsFinal: true })
            {
                failures.Add($"saga {id} finished before the kill but is {snapshot?.State ?? "missing"} in Redis");
            }
        }

        // No transition made twice in the app either (each observed transition is a successful commit).
        foreach (var id in ids)
        {
            var seen = app.TransitionsOf(id);
            if (seen.Count > 2 || seen.GroupBy(t => t.ToState).Any(g => g.Count() > 1))
            {
                failures.Add($"saga {id}: the app committed [{string.Join(", ", seen.Select(t => $"{t.FromState ?? "null"}->{t.ToState}"))}]");
            }
        }

        if (failures.Count > 0)
        {
            Assert.Fail(string.Join("\n", failures) + "\n" + await DescribeAsync(app, database, [], states, ids, logs));
        }

        var appendOnlyFiles = Directory.EnumerateFiles(redis.Folder!, "*.aof", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
        Assert.Contains(appendOnlyFiles, f => f.Length > 0);
        output.WriteLine($"{clock.ElapsedMilliseconds} ms: append-only files {string.Join(", ", appendOnlyFiles.Select(f => $"{f.Name} ({f.Length} bytes)"))}");
        output.WriteLine($"logged warnings and errors: {logs.Entries.Count(e => e.Level >= LogLevel.Warning)}; took over: {logs.Entries.Count(e => e.Id.Id == 4014)}");
    }

    private static SagaKey Key(Guid id) => new(ShipmentSaga.SagaDefinition.Instance.Name, id.ToString("D"));

    private static HashSet<Guid> FinishedInApp(StreamsApp app) =>
        [.. app.Transitions.Where(t => t.IsFinal).Select(t => Guid.Parse(t.Key.CorrelationKey))];

    private async Task<string?[]> StatesAsync(IDatabase database, Guid[] ids)
    {
        var reads = ids.Select(id => database.HashGetAsync($"{_prefix}saga:{{{Key(id).SagaName}:{id:D}}}", "state")).ToArray();
        return [.. (await Task.WhenAll(reads)).Select(v => (string?)v)];
    }

    private static string Format(IEnumerable<SagaHistoryEntry> history) =>
        string.Join(", ", history.Select(h => $"{h.FromState ?? "null"}->{h.ToState} on {h.MessageType} {h.MessageId} at {h.At:HH:mm:ss.fff}"));

    // A history entry as stored: {"at":<server ms>,"id":...,"type":...,"from":...,"to":...}.
    private static string FormatRaw(string? json)
    {
        using var entry = System.Text.Json.JsonDocument.Parse(json ?? "{}");
        var root = entry.RootElement;
        string Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()! : "null";
        var at = root.TryGetProperty("at", out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms.GetInt64()).ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) : "?";
        return $"{Field("from")}->{Field("to")} on {Field("type")} {Field("id")} at {at} UTC";
    }

    // Evidence for a failure: the stuck sagas' histories, the streams' groups and pending entries,
    // the dead letters and what the app logged.
    private async Task<string> DescribeAsync(StreamsApp app, IDatabase database, Guid[] stuck, string?[] states, Guid[] ids, TimedLogs logs)
    {
        var text = new StringBuilder();
        text.AppendLine($"states in Redis: {string.Join(", ", states.GroupBy(s => s ?? "(none)").Select(g => $"{g.Key} {g.Count()}"))}");
        foreach (var id in stuck.Take(10))
        {
            var history = await database.ListRangeAsync($"{_prefix}saga:{{{Key(id).SagaName}:{id:D}}}:history");
            var outbox = await database.HashLengthAsync($"{_prefix}saga:{{{Key(id).SagaName}:{id:D}}}:outbox");
            var seen = app.TransitionsOf(id).Select(t => $"{t.FromState ?? "null"}->{t.ToState}");
            text.AppendLine($"stuck saga {id}: state {states[Array.IndexOf(ids, id)] ?? "(none)"}, outbox {outbox}, history [{string.Join(", ", history.Select(h => FormatRaw((string?)h)))}], "
                + $"the app saw [{string.Join(", ", seen)}], parcel dispatched {ParcelService.Dispatches.GetValueOrDefault(id)} time(s)");
        }

        foreach (var wireName in WireNames)
        {
            var stream = $"{_prefix}stream:{{p0}}:{wireName}";
            text.AppendLine($"{stream}: XLEN {await TryAsync(database, "XLEN", stream)}");
            text.AppendLine($"  XINFO GROUPS {await TryAsync(database, "XINFO", "GROUPS", stream)}");
            text.AppendLine($"  XPENDING {await TryAsync(database, "XPENDING", stream, "shipping")}");
            text.AppendLine($"  XPENDING - + 20 {await TryAsync(database, "XPENDING", stream, "shipping", "-", "+", "20")}");
        }

        text.AppendLine($"dead letters: XLEN {await TryAsync(database, "XLEN", _prefix + "dead-letters")}");
        try
        {
            var dead = (RedisResult[])(await database.ExecuteAsync("XRANGE", (RedisKey)(_prefix + "dead-letters"), "-", "+", "COUNT", "5"))!;
            foreach (var entry in dead)
            {
                var fields = (RedisResult[])((RedisResult[])entry!)[1]!;
                var reason = Enumerable.Range(0, fields.Length / 2).Where(i => (string?)fields[2 * i] == "dead.reason").Select(i => (string?)fields[(2 * i) + 1]).FirstOrDefault();
                text.AppendLine($"  dead letter: {reason}");
            }
        }
        catch (RedisException e)
        {
            text.AppendLine($"  XRANGE failed: {e.Message}");
        }

        text.AppendLine($"the app's transport consumer: {app.Transport.ConsumerName}");
        // The transport's and the scheduler's retry warnings repeat every poll while Redis is down: counted, not listed.
        int[] repeating = [4012, 4013, 4017];
        var entries = logs.Entries;
        text.AppendLine($"logged: {string.Join(", ", entries.Where(e => repeating.Contains(e.Id.Id)).GroupBy(e => e.Id.Id).Select(g => $"{g.Count()} x event {g.Key}"))}, and (the first 60 warnings and above):");
        foreach (var entry in entries.Where(e => e.Level >= LogLevel.Warning && !repeating.Contains(e.Id.Id)).Take(60))
        {
            text.AppendLine($"  {entry.Text}");
        }

        text.AppendLine("the last 20 entries of any level:");
        foreach (var entry in entries.TakeLast(20))
        {
            text.AppendLine($"  {entry.Text}");
        }

        output.WriteLine(text.ToString());
        return text.ToString();
    }

    private static async Task<string> TryAsync(IDatabase database, string command, params object[] arguments)
    {
        try
        {
            return Show(await database.ExecuteAsync(command, arguments));
        }
        catch (RedisException e)
        {
            return $"(failed: {e.Message})";
        }
    }

    /// <summary>Keeps what the app logged, with the time and the exception, for the evidence of a failure.</summary>
    private sealed class TimedLogs : ILoggerProvider
    {
        private readonly List<(LogLevel Level, EventId Id, string Text)> _entries = [];

        public IReadOnlyList<(LogLevel Level, EventId Id, string Text)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

        public void Dispose()
        {
        }

        private sealed class Logger(TimedLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}[{eventId.Id}] {formatter(state, exception)}"
                    + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message.Split('\n')[0]})");
                lock (owner._entries)
                {
                    owner._entries.Add((logLevel, eventId, text));
                }
            }
        }
    }

    // Any reply, nested arrays included, as text: an array is what casts to one.
    private static string Show(RedisResult result)
    {
        if (result.IsNull)
        {
            return "nil";
        }

        try
        {
            return "[" + string.Join(" ", ((RedisResult[])result!).Select(Show)) + "]";
        }
        catch (InvalidCastException)
        {
            return (string?)result ?? "nil";
        }
    }
}
