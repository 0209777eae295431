using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Sagas.Redis.Tests;

/// <summary>
/// The sample's worker as separate processes on Redis, one of them killed with SIGKILL while it has
/// messages in hand: the others take them over, and every saga still finishes, none moved twice.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed partial class RedisWorkerCrashTests(RedisServerFixture redis, ITestOutputHelper log)
{
    private const int Orders = 1000;
    private const int StockOutEvery = 10; // InventoryService.OutOfStockSku: the order is compensated
    private const int KillAfterFinished = 100;
    private const string OutOfStockSku = "sku-out-of-stock";
    private const string Group = "OrderFulfillment"; // RedisStreamsOptions.ServiceName: the entry assembly's name

    // How long a message may stay unacknowledged before another worker takes it over: short, so
    // that B and C take over A's messages soon. A redelivery finds the step A saved; what A saved
    // in the outbox but never sent is relayed once older than the relay grace period (1 s here).
    // Before the redelivery waited the grace out, 2 runs in 13 left a saga stuck at this setting.
    private const string ClaimIdleTime = "00:00:02";
    private const string RelayGracePeriod = "00:00:01";

    private static readonly TimeSpan ReachKillPointTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FinishTimeout = TimeSpan.FromMinutes(3);

    // How long the order saga waits for a refund or a stock release to be confirmed before sending
    // it again: well above a take-over (ClaimIdleTime), so only a refund failed on purpose is sent twice.
    private const string CompensationTimeout = "00:00:08";
    private const int CompensationAttempts = 3; // SagasOptions.CompensationAttempts, the default

    // Longer than a take-over (ClaimIdleTime), the retries of a failing message,
    // the sample's payment and shipment timeouts (30 s) and a compensation given up on (3 × 8 s):
    // a run with no saga finishing for this long is stuck.
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    // The wire names the sample's worker consumes (a saga or a participant subscribes to them).
    private static readonly string[] ConsumedWireNames =
    [
        "OrderPlaced", "CapturePayment", "PaymentCaptured", "PaymentDeclined", "PaymentTimedOut", "ReserveStock", "StockReserved", "StockUnavailable",
        "ShipOrder", "OrderShipped", "ShipmentTimedOut", "RefundPayment", "PaymentRefunded", "ReleaseStock", "StockReleased", "Sagas.CompensationTimedOut",
    ];

    private readonly string _prefix = $"crash-{Guid.NewGuid():N}:";

    [RedisFact]
    public async Task A_worker_killed_mid_run_across_1000_sagas_leaves_every_saga_finished_and_none_moved_twice()
    {
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var db = raw.GetDatabase();
        var orders = await PublishOrdersAsync(db);

        var workers = new List<SampleProcess>();
        try
        {
            var clock = Stopwatch.StartNew();
            var a = StartWorker(workers);

            // Let A finish some sagas, then kill it mid-run: it has read messages it never acknowledges.
            var finished = 0;
            while (finished < KillAfterFinished)
            {
                Assert.False(a.HasExited, "Worker A stopped on its own:\n" + a.Output);
                Assert.True(clock.Elapsed < ReachKillPointTimeout, $"Worker A finished only {finished} sagas in {ReachKillPointTimeout}:\n{a.Output}");
                await Task.Delay(20);
                finished = await CountFinishedAsync(db, orders);
            }

            a.Kill();
            var finishedByA = await CountFinishedAsync(db, orders);
            var pendingAtKill = await PendingAsync(db);
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: worker A (pid {a.Id}) killed with {finishedByA} of {Orders} sagas finished "
                + $"and {pendingAtKill.Values.Sum()} message(s) read but not acknowledged: {Describe(pendingAtKill)}");
            Assert.True(finishedByA is >= KillAfterFinished and < Orders, $"A was not killed mid-run: {finishedByA} of {Orders} sagas had finished.");
            Assert.True(pendingAtKill.Values.Sum() > 0, "A held no unacknowledged message when killed: nothing to take over.");

            // B and C take over A's unacknowledged messages (after ClaimIdleTime) and finish the run.
            StartWorker(workers);
            StartWorker(workers);
            await FinishAndCheckAsync(db, orders, workers.Skip(1).ToList(), workers, clock);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    [RedisFact]
    public async Task Services_as_separate_processes_with_a_participant_and_a_coordinator_killed_mid_run_finish_every_order_and_compensate_exactly_the_completed_steps()
    {
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var db = raw.GetDatabase();
        var orders = await PublishOrdersAsync(db);

        // Two coordinators and two processes per participant service, each service its own consumer
        // group; payments declined, shipments lost and refunds refused at random, by order id.
        string[] failures =
        [
            "--Sample:Failures:PaymentDeclineRate", "0.1", "--Sample:Failures:ShippingTimeoutRate", "0.1", "--Sample:Failures:RefundFailureRate", "0.2",
        ];
        var workers = new List<SampleProcess>();
        try
        {
            var clock = Stopwatch.StartNew();
            foreach (var role in new[] { "orders", "orders", "payment", "payment", "inventory", "inventory", "shipping", "shipping" })
            {
                StartWorker(workers, role, failures);
            }

            while (await CountFinishedAsync(db, orders) < KillAfterFinished)
            {
                Assert.True(clock.Elapsed < ReachKillPointTimeout, $"Only {await CountFinishedAsync(db, orders)} sagas finished in {ReachKillPointTimeout}.");
                await Task.Delay(20);
            }

            var killed = workers[2]; // a payment process, mid-run
            killed.Kill();
            var finishedAtKill = await CountFinishedAsync(db, orders);
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: payment process (pid {killed.Id}) killed with {finishedAtKill} of {Orders} sagas finished");
            Assert.True(finishedAtKill < Orders, "the kill came after the run");

            // Then a coordinator, once some order is being compensated: the other resumes where it stopped.
            while (!await AnyCompensatingAsync(db, orders))
            {
                Assert.True(clock.Elapsed < FinishTimeout, "no order was ever being compensated");
                await Task.Delay(100);
            }

            var coordinator = workers[0];
            coordinator.Kill();
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: coordinator (pid {coordinator.Id}) killed mid-compensation");

            await FinishAndCheckAsync(db, orders, [.. workers.Where(w => w != killed && w != coordinator)], workers, clock, withFailures: true);

            // The flow log of each order: the compensations of exactly the completed steps, newest first, after the failure.
            var wrong = new List<string>();
            var outcomes = new Dictionary<string, int>();
            foreach (var order in orders)
            {
                var flow = await FlowTypesAsync(db, order);
                var state = (string)(await db.HashGetAsync(StateKey(order), "state"))!;
                outcomes[state] = outcomes.GetValueOrDefault(state) + 1;
                if (CheckFlow(order, flow, state) is { } problem)
                {
                    wrong.Add($"order {order.Id} ({order.Sku}, {state}): {problem}\n    flow: {string.Join(" → ", flow)}");
                }
            }

            log.WriteLine("outcomes: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
            Assert.True(wrong.Count == 0, $"{wrong.Count} order(s) compensated wrongly:\n" + string.Join('\n', wrong.Take(10)));
            Assert.True(outcomes.GetValueOrDefault("Failed") > 0 && outcomes.GetValueOrDefault("Compensated") > 0, "the injected failures did not show");

            // The only dead letters are the refunds refused on purpose.
            var deadLetters = await DeadLetterReasonsAsync(db);
            Assert.True(
                deadLetters.All(d => d.Type == "RefundPayment" && d.Error.Contains("RefundFailureRate", StringComparison.Ordinal)),
                "unexpected dead letters: " + string.Join('\n', deadLetters.Where(d => d.Type != "RefundPayment").Take(5)));
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    // Waits until every saga has finished (failing on a stall, a deadline or a worker that exits), then
    // checks that each moved exactly once per step and that no message is left unacknowledged.
    private async Task FinishAndCheckAsync(IDatabase db, Order[] orders, List<SampleProcess> running, List<SampleProcess> workers, Stopwatch clock, bool withFailures = false)
    {
        var finished = await CountFinishedAsync(db, orders);
        var progress = (Finished: finished, At: clock.Elapsed);
        while (finished < orders.Length)
        {
            var stalled = clock.Elapsed - progress.At > StallTimeout;
            var exited = running.Any(w => w.HasExited);
            if (clock.Elapsed > FinishTimeout || stalled || exited)
            {
                var why = exited ? "a worker exited" : stalled ? $"no saga finished in the last {StallTimeout.TotalSeconds} s" : $"not within {FinishTimeout}";
                Assert.Fail($"Only {finished} of {orders.Length} sagas finished ({why}).\n"
                    + await DiagnoseAsync(db, orders, await UnfinishedAsync(db, orders), workers));
            }

            await Task.Delay(100);
            finished = await CountFinishedAsync(db, orders);
            if (finished > progress.Finished)
            {
                progress = (finished, clock.Elapsed);
            }
        }

        log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: all {orders.Length} sagas finished");
        await Task.Delay(500); // room for a second, wrong, transition to show
        var wrong = withFailures ? await CheckNoStepTwiceAsync(db, orders) : await CheckHistoriesAsync(db, orders);
        if (wrong.Count > 0)
        {
            Assert.Fail($"{wrong.Count} of {orders.Length} sagas did not move exactly once per step:\n"
                + await DiagnoseAsync(db, orders, wrong, workers));
        }

        // Replies to the last steps may still be on their way: give the participants a moment, then none may be left.
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(30);
        while ((await PendingAsync(db)).Values.Sum() > 0 && clock.Elapsed < deadline)
        {
            await Task.Delay(100);
        }

        var pending = await PendingAsync(db);
        log.WriteLine($"dead letters: {await LengthAsync(db, _prefix + "dead-letters")}; still pending: {Describe(pending)}");
        if (pending.Values.Sum() > 0)
        {
            Assert.Fail("messages left unacknowledged: " + Describe(pending) + "\n" + await DescribePendingAsync(db, pending, workers));
        }
    }

    // Who holds each message left pending, for how long, delivered how often; and what the workers said.
    private async Task<string> DescribePendingAsync(IDatabase db, Dictionary<string, long> pending, List<SampleProcess> workers)
    {
        var report = new StringBuilder();
        foreach (var wireName in pending.Where(p => p.Value > 0).Select(p => p.Key))
        {
            foreach (var group in await db.StreamGroupInfoAsync(Stream(wireName)))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"{wireName} / {group.Name}: {await JsonAsync(db, Stream(wireName), "XPENDING", "KEY", group.Name!, "-", "+", "10")}");
                report.AppendLine(CultureInfo.InvariantCulture, $"    consumers: {await JsonAsync(db, Stream(wireName), "XINFO", "CONSUMERS", "KEY", group.Name!)}");
            }
        }

        foreach (var worker in workers)
        {
            var lines = worker.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("order ", StringComparison.Ordinal) && !l.StartsWith("payment ", StringComparison.Ordinal));
            report.AppendLine(CultureInfo.InvariantCulture, $"--- pid {worker.Id} (exited {worker.HasExited}):");
            report.AppendLine(string.Join('\n', lines.TakeLast(60)));
        }

        return report.ToString();
    }

    // The settings after the common ones override them (the last of a key wins on the command line).
    private SampleProcess StartWorker(List<SampleProcess> workers, string role = "all", string[]? failures = null, string[]? settings = null, string? address = null)
    {
        var worker = SampleProcess.Start([
            .. failures ?? [],
            "--redis", address ?? redis.Address,
            "--worker", "true",
            "--role", role,
            "--Sagas:Redis:KeyPrefix", _prefix,
            "--Sagas:Redis:Streams:ClaimIdleTime", ClaimIdleTime,
            "--Sagas:RelayGracePeriod", RelayGracePeriod,
            "--Sagas:Concurrency", "4",
            "--Sagas:CompensationTimeout", CompensationTimeout,
            // Retries of a failing message (a refund refused on purpose) end well within ClaimIdleTime,
            // so no other worker takes the message over while it is being retried.
            "--Sagas:RetryDelays:0", "00:00:00.050", "--Sagas:RetryDelays:1", "00:00:00.100", "--Sagas:RetryDelays:2", "00:00:00.200",
            "--Sagas:Redis:Streams:MaintenanceInterval", "00:00:00.200",
            .. settings ?? []]);
        workers.Add(worker);
        return worker;
    }

    // The orders, one in stockOutEvery out of stock (none with 0), XADDed straight into the OrderPlaced stream as another service's producer would.
    private async Task<Order[]> PublishOrdersAsync(IDatabase db, int count = Orders, int stockOutEvery = StockOutEvery)
    {
        var orders = Enumerable.Range(1, count)
            .Select(i => new Order(Guid.NewGuid(), stockOutEvery > 0 && i % stockOutEvery == 0 ? OutOfStockSku : "sku-" + i, 10 * i))
            .ToArray();
        var stream = (RedisKey)Stream("OrderPlaced");
        var sentAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await Task.WhenAll(orders.Select(o => db.ExecuteAsync(
            "XADD", stream, "*",
            "id", Guid.NewGuid().ToString("N"),
            "type", "OrderPlaced",
            "sentAt", sentAt,
            "body", $$"""{"orderId":"{{o.Id:D}}","amount":{{o.Amount}},"sku":"{{o.Sku}}"}""")));
        Assert.Equal(count, await LengthAsync(db, Stream("OrderPlaced")));
        return orders;
    }

    private async Task<int> CountFinishedAsync(IDatabase db, Order[] orders)
    {
        var finals = await Task.WhenAll(orders.Select(o => db.HashGetAsync(StateKey(o), "final")));
        return finals.Count(f => f == "1");
    }

    private async Task<List<Order>> UnfinishedAsync(IDatabase db, Order[] orders)
    {
        var finals = await Task.WhenAll(orders.Select(o => db.HashGetAsync(StateKey(o), "final")));
        return [.. orders.Where((_, i) => finals[i] != "1")];
    }

    // Every saga in its expected final state, through exactly the expected transitions, no message id twice.
    private async Task<List<Order>> CheckHistoriesAsync(IDatabase db, Order[] orders)
    {
        var states = await Task.WhenAll(orders.Select(o => db.HashGetAsync(StateKey(o), "state")));
        var histories = await Task.WhenAll(orders.Select(o => db.ListRangeAsync(StateKey(o) + ":history")));
        var wrong = new List<Order>();
        for (var i = 0; i < orders.Length; i++)
        {
            var expected = orders[i].Sku == OutOfStockSku
                ? new[] { "OrderPlaced:-AwaitingPayment", "PaymentCaptured:AwaitingPayment-AwaitingStock", "StockUnavailable:AwaitingStock-Compensating", "PaymentRefunded:Compensating-Compensated" }
                : new[] { "OrderPlaced:-AwaitingPayment", "PaymentCaptured:AwaitingPayment-AwaitingStock", "StockReserved:AwaitingStock-AwaitingShipment", "OrderShipped:AwaitingShipment-Completed" };
            var entries = histories[i].Select(e => JsonDocument.Parse((string)e!).RootElement).ToList();
            var steps = entries.Select(e => $"{e.GetProperty("type").GetString()}:{e.GetProperty("from").GetString()}-{e.GetProperty("to").GetString()}");
            var ids = entries.Select(e => e.GetProperty("id").GetString()).ToList();
            if (states[i] != expected[^1].Split('-')[^1] || !steps.SequenceEqual(expected) || ids.Distinct().Count() != ids.Count)
            {
                wrong.Add(orders[i]);
            }
        }

        return wrong;
    }

    // With failures injected the paths differ per order (the flow log checks them): here, only that no message moved a saga twice.
    private async Task<List<Order>> CheckNoStepTwiceAsync(IDatabase db, Order[] orders)
    {
        var histories = await Task.WhenAll(orders.Select(o => db.ListRangeAsync(StateKey(o) + ":history")));
        return [.. orders.Where((_, i) =>
        {
            var ids = histories[i].Select(e => JsonDocument.Parse((string)e!).RootElement.GetProperty("id").GetString()).ToList();
            return ids.Distinct().Count() != ids.Count;
        })];
    }

    // Per consumed stream: how many messages its groups have read and not acknowledged.
    private async Task<Dictionary<string, long>> PendingAsync(IDatabase db)
    {
        var pending = new Dictionary<string, long>();
        foreach (var wireName in ConsumedWireNames)
        {
            var groups = await db.KeyExistsAsync(Stream(wireName))
                ? (RedisResult[])(await db.ExecuteAsync("XINFO", "GROUPS", (RedisKey)Stream(wireName)))!
                : [];
            pending[wireName] = groups.Sum(g =>
            {
                var info = (RedisResult[])g!;
                return (long)info[Array.FindIndex(info, f => f.ToString() == "pending") + 1];
            });
        }

        return pending;
    }

    private async Task<string> DiagnoseAsync(IDatabase db, Order[] orders, List<Order> suspects, List<SampleProcess> workers)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Key prefix {_prefix}; {suspects.Count} saga(s) to look at; {await CountFinishedAsync(db, orders)} of {orders.Length} finished.");
        foreach (var order in suspects.Take(5))
        {
            var key = StateKey(order);
            report.AppendLine(CultureInfo.InvariantCulture, $"--- saga {order.Id:D} (sku {order.Sku})");
            report.AppendLine("state:   " + await JsonAsync(db, key, "HGETALL", "KEY"));
            report.AppendLine("history: " + await JsonAsync(db, key + ":history", "LRANGE", "KEY", "0", "-1"));
            report.AppendLine("inbox:   " + await JsonAsync(db, key + ":inbox", "ZRANGE", "KEY", "0", "-1", "WITHSCORES"));
            report.AppendLine("outbox:  " + await JsonAsync(db, key + ":outbox", "HGETALL", "KEY"));
        }

        report.AppendLine("--- streams (XINFO GROUPS, then XPENDING by consumer)");
        foreach (var wireName in ConsumedWireNames)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"{wireName}: length {await LengthAsync(db, Stream(wireName))}; {await JsonAsync(db, Stream(wireName), "XINFO", "GROUPS", "KEY")}");
            report.AppendLine("    " + await JsonAsync(db, Stream(wireName), "XPENDING", "KEY", Group, "-", "+", "20"));
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"--- dead letters: {await LengthAsync(db, _prefix + "dead-letters")}");
        report.AppendLine(await JsonAsync(db, _prefix + "dead-letters", "XRANGE", "KEY", "-", "+", "COUNT", "3"));
        foreach (var (worker, name) in workers.Zip("ABCDEF"))
        {
            var lines = worker.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var suspectLines = lines.Where(l => suspects.Take(5).Any(s => l.Contains("order " + s.Id.ToString("N")[..8], StringComparison.Ordinal)));
            var other = lines.Where(l => !l.StartsWith("order ", StringComparison.Ordinal)).Take(40);
            report.AppendLine(CultureInfo.InvariantCulture, $"--- worker {name} (pid {worker.Id}, exited {worker.HasExited}): {lines.Length} lines; about the sagas above, then other lines:");
            report.AppendLine(string.Join('\n', suspectLines));
            report.AppendLine(string.Join('\n', other));
        }

        return report.ToString();
    }

    // Any command's reply as JSON, encoded by the server, so one helper prints replies of every shape
    // for the failure report. The command's words, with "KEY" where the key goes.
    private static async Task<string> JsonAsync(IDatabase db, string key, params string[] command)
    {
        try
        {
            RedisValue[] words = [.. command.Select(w => (RedisValue)(w == "KEY" ? key : w))];
            return (string)(await db.ScriptEvaluateAsync("return cjson.encode(redis.call(unpack(ARGV)))", [key], words))!;
        }
        catch (RedisServerException e)
        {
            return $"({string.Join(' ', command)}: {e.Message})";
        }
    }

    private static async Task<long> LengthAsync(IDatabase db, string stream) => (long)await db.ExecuteAsync("XLEN", (RedisKey)stream);

    private static string Describe(Dictionary<string, long> pending) =>
        string.Join(", ", pending.Where(p => p.Value != 0).Select(p => $"{p.Key} {p.Value}"));

    private string Stream(string wireName) => _prefix + "stream:{p0}:" + wireName;

    private string StateKey(Order order) => $"{_prefix}saga:{{OrderFulfillment.OrderSaga:{order.Id:D}}}";

    private sealed record Order(Guid Id, string Sku, int Amount);
}
