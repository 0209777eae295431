using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

// The business outcome under load, over six processes of the sample on a Redis with an append-only
// file: 400 orders published at once, a 2 s payment timeout and a slow bank, so that most captures
// come after their order was dropped; a payment process and a coordinator SIGKILLed and Redis killed
// and restarted mid-run, and one refund in ten refused by the bank on purpose. Every order ends
// Completed (exactly those shipped), Compensated, or Failed where its refund was refused; every
// captured payment of an order that did not complete is refunded, once, unless its refund was
// refused, and none of one that did; the refused refunds are the only dead letters, each once;
// nothing pending or scheduled. On the 2-core machine it was written on, 230 to 280
// of the 400 captures came late, 70 to 125 orders completed, in about 40 s (the refused refunds take
// three compensation timeouts to end Failed).
public sealed partial class RedisWorkerCrashTests
{
    private const int LoadOrders = 400;

    // The payment timeout is short and the bank slow (each payment worker handles one capture at a
    // time, 20 ms each, at most 100 a second between the two): the captures of the orders behind in
    // the backlog come after their timeout, a third of them or more however fast the machine.
    private const string ShortPaymentTimeout = "00:00:02";
    private const int LateShareAtLeastPercent = 20;

    // Above a take-over (ClaimIdleTime) and the Redis restart; short enough that an order whose
    // refund is refused ends Failed within 30 s. A refund waiting behind the capture backlog longer
    // than this is asked for again, and refunded once all the same (the ledger): CheckFlow allows it.
    private const string LoadCompensationTimeout = "00:00:10";

    [RedisFact(TakesRedisAway = true)]
    public async Task Under_a_backlog_with_workers_killed_and_Redis_restarted_every_order_ends_completed_or_compensated_and_no_money_is_kept_for_an_order_that_did_not_ship()
    {
        var server = new RedisServerFixture { AppendOnly = true };
        await server.InitializeAsync();
        var workers = new List<SampleProcess>();
        try
        {
            Assert.True(server.OwnsServer, "an AppendOnly fixture starts its own server");
            using var raw = await ConnectionMultiplexer.ConnectAsync(server.Address + ",abortConnect=false");
            var db = raw.GetDatabase();
            var orders = await PublishOrdersAsync(db, LoadOrders);

            string[] failures = ["--Sample:Failures:PaymentDeclineRate", "0.1", "--Sample:Failures:RefundFailureRate", "0.1"];
            string[] settings =
            [
                "--Sample:PaymentTimeout", ShortPaymentTimeout,
                "--Sagas:CompensationTimeout", LoadCompensationTimeout,
                "--Sagas:Redis:ConnectTimeout", "00:00:30",
            ];
            string[] payment = [.. settings, "--Sagas:Concurrency", "1", "--Sample:Failures:PaymentDelay", "00:00:00.020"];
            var clock = Stopwatch.StartNew();
            foreach (var role in new[] { "orders", "orders", "payment", "payment", "inventory", "shipping" })
            {
                StartWorker(workers, role, failures, role == "payment" ? payment : settings, server.Address);
            }

            // A payment process, a coordinator, then Redis itself, each at a point of the run.
            await WaitForFinishedAsync(db, orders, 40, clock);
            var cutOffFrom = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var payer = workers[2];
            payer.Kill();
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s ({DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}): payment process (pid {payer.Id}) killed, {await CountFinishedAsync(db, orders)} of {orders.Length} orders finished");

            await WaitForFinishedAsync(db, orders, 120, clock);
            var coordinator = workers[0];
            coordinator.Kill();
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s ({DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}): coordinator (pid {coordinator.Id}) killed, {await CountFinishedAsync(db, orders)} of {orders.Length} orders finished");

            await WaitForFinishedAsync(db, orders, 200, clock);
            var captureBacklog = await BacklogAsync(db, "CapturePayment", PaymentGroup);
            var finishedAtRestart = await CountFinishedAsync(db, orders);
            server.Kill();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await server.StartAsync(); // loads the append-only file
            var cutOffTo = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s ({DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}): Redis killed and restarted with {finishedAtRestart} of {orders.Length} orders finished and {captureBacklog} capture(s) not yet handled");
            Assert.True(finishedAtRestart < orders.Length || captureBacklog > 0, "the run was over before Redis was restarted");

            List<SampleProcess> running = [.. workers.Where(w => w != payer && w != coordinator)];
            await FinishAndCheckAsync(db, orders, running, workers, clock, withFailures: true);
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: nothing pending");
            await WaitUntilQuietAsync(db, clock, leasesLeft: true);
            await EndCutOffLeasesAsync(db, orders, cutOffFrom, cutOffTo, clock);
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: every order finished, every message handled, nothing scheduled");

            var wrong = await CheckMoneyAsync(db, orders, workers);
            Assert.True(wrong.Problems.Count == 0, $"{wrong.Problems.Count} order(s) wrong:\n" + string.Join('\n', wrong.Problems.Take(10)));
            Assert.True(wrong.Late * 100 >= orders.Length * LateShareAtLeastPercent, $"only {wrong.Late} of {orders.Length} captures came after their order's payment timeout: no backlog to speak of");
            Assert.True(wrong.Outcomes.GetValueOrDefault("Completed") > 0, "no order completed: the backlog dropped them all");

            Assert.True(wrong.Refused > 0, "no refund was refused: the deliberate failures did not show");
            Assert.Equal(0, await db.SortedSetLengthAsync(_prefix + "schedule:{timeouts}:due"));
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }

            await server.DisposeAsync();
        }
    }

    // A scheduler poller leases what it takes (TimeoutLease, 10 s by default), so that a poller that
    // dies mid-way leaves it to be taken again: one killed, or cut off by the restart, while
    // publishing leaves its batch leased and published again (in part a second time) 10 s later.
    // Whatever is left must be such a lease, taken between the first kill and the restart; its lease
    // is ended now, as the 10 s would, and publishing it again must move no order.
    private async Task EndCutOffLeasesAsync(IDatabase db, Order[] orders, long cutOffFrom, long cutOffTo, Stopwatch clock)
    {
        var due = (RedisKey)(_prefix + "schedule:{timeouts}:due");
        var leased = await db.SortedSetRangeByScoreWithScoresAsync(due);
        if (leased.Length == 0)
        {
            return;
        }

        const long Lease = 10_000;
        var takenAt = leased.Select(e => (long)e.Score - Lease).ToList();
        Assert.True(
            takenAt.All(t => t >= cutOffFrom - 1000 && t <= cutOffTo + 1000),
            $"scheduled messages left that no kill or restart explains: taken at {string.Join(", ", takenAt.Distinct())} (Unix ms), kills and restart from {cutOffFrom} to {cutOffTo}");
        var histories = await Task.WhenAll(orders.Select(o => db.ListLengthAsync(StateKey(o) + ":history")));
        await db.SortedSetAddAsync(due, [.. leased.Select(e => new SortedSetEntry(e.Element, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000))]);
        await WaitUntilQuietAsync(db, clock);
        var after = await Task.WhenAll(orders.Select(o => db.ListLengthAsync(StateKey(o) + ":history")));
        Assert.True(histories.SequenceEqual(after), "a timeout published again after its lease moved an order");
        log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {leased.Length} timeout(s) left leased by a poller cut off at {string.Join(", ", takenAt.Distinct())} (Unix ms); "
            + "published again when their lease was ended, they moved no order");
    }

    private async Task WaitForFinishedAsync(IDatabase db, Order[] orders, int finished, Stopwatch clock)
    {
        while (await CountFinishedAsync(db, orders) < finished)
        {
            Assert.True(clock.Elapsed < ReachKillPointTimeout, $"only {await CountFinishedAsync(db, orders)} orders finished in {ReachKillPointTimeout}");
            await Task.Delay(20);
        }
    }

    // Captures the payment service has not acknowledged: read and pending, or not read yet.
    private async Task<long> BacklogAsync(IDatabase db, string wireName, string group)
    {
        // XINFO GROUPS raw: the client's StreamGroupInfo has no lag (entries not yet read) before 2.7.
        var groups = (RedisResult[])(await db.ExecuteAsync("XINFO", "GROUPS", (RedisKey)Stream(wireName)))!;
        var info = groups.Select(g => (RedisResult[])g!).Single(g => (string?)g[Array.FindIndex(g, f => f.ToString() == "name") + 1] == group);
        long Field(string name) => (long?)info[Array.FindIndex(info, f => f.ToString() == name) + 1] ?? 0;
        return Field("pending") + Field("lag");
    }

    // The replies to late captures (refunds) come after their orders finished: wait until every
    // service has read and acknowledged every message, and no timeout is scheduled.
    // With leasesLeft, scheduled messages may remain that are leased (due no sooner than 10 s from now).
    private async Task WaitUntilQuietAsync(IDatabase db, Stopwatch clock, bool leasesLeft = false)
    {
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(30);
        var lastReport = clock.Elapsed;
        while (true)
        {
            var busy = new List<string>();
            foreach (var wireName in ConsumedWireNames)
            {
                if (!await db.KeyExistsAsync(Stream(wireName)))
                {
                    continue;
                }

                var stream = await db.StreamInfoAsync(Stream(wireName));
                busy.AddRange((await db.StreamGroupInfoAsync(Stream(wireName)))
                    .Where(g => g.PendingMessageCount > 0 || g.LastDeliveredId != stream.LastGeneratedId)
                    .Select(g => $"{wireName} ({g.Name}: {g.PendingMessageCount} pending, last read {g.LastDeliveredId} of {stream.LastGeneratedId})"));
            }

            var soon = leasesLeft ? DateTimeOffset.UtcNow.AddSeconds(10).ToUnixTimeMilliseconds() : double.PositiveInfinity;
            var scheduled = await db.SortedSetLengthAsync(_prefix + "schedule:{timeouts}:due", double.NegativeInfinity, soon);
            if (busy.Count == 0 && scheduled == 0)
            {
                return;
            }

            Assert.True(clock.Elapsed < deadline, $"still busy: {string.Join(", ", busy)}; {scheduled} timeout(s) scheduled");
            if (clock.Elapsed > lastReport + TimeSpan.FromSeconds(5))
            {
                lastReport = clock.Elapsed;
                log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s (now {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}): still busy: {string.Join(", ", busy)}; scheduled: {await JsonAsync(db, _prefix + "schedule:{timeouts}:due", "ZRANGE", "KEY", "0", "5", "WITHSCORES")}");
                foreach (var id in (await db.SortedSetRangeByRankAsync(_prefix + "schedule:{timeouts}:due", 0, 3)))
                {
                    log.WriteLine("    " + await db.HashGetAsync(_prefix + "schedule:{timeouts}:envelopes", id));
                }
            }

            await Task.Delay(200);
        }
    }

    // Per order, from the store, the flow log and the payment service's refund ledger: Completed
    // exactly when shipped; a captured payment refunded exactly when the order did not complete;
    // the compensations of the completed steps in order (CheckFlow) when the capture was in time.
    private async Task<(List<string> Problems, int Late, Dictionary<string, int> Outcomes, int Refused)> CheckMoneyAsync(IDatabase db, Order[] orders, List<SampleProcess> workers)
    {
        var problems = new List<string>();
        var outcomes = new Dictionary<string, int>();
        var late = 0;
        var timedOut = 0;
        var refunded = (await db.HashKeysAsync(_prefix + "sample:refunded-payments")).Select(k => (string)k!).ToHashSet();

        // The dead letters: only refunds the bank refused on purpose, each message once.
        var deadLetters = await FlowLog.EntriesAsync(db, _prefix + "dead-letters");
        problems.AddRange(deadLetters
            .Where(d => d.Field("type") != "RefundPayment" || !d.Field("dead.error").Contains("RefundFailureRate", StringComparison.Ordinal))
            .Select(d => $"unexpected dead letter: {d.Field("type")} {d.Field("body")}: {d.Field("dead.reason")}"));
        problems.AddRange(deadLetters.GroupBy(d => d.Field("id")).Where(g => g.Count() > 1).Select(g => $"message {g.Key} dead-lettered {g.Count()} times"));
        var refusedRefunds = deadLetters
            .Where(d => d.Field("type") == "RefundPayment")
            .Select(d => JsonDocument.Parse(d.Field("body")).RootElement.GetProperty("orderId").GetGuid())
            .ToHashSet();

        // A refund line is printed once the ledger took the payment id: never twice for one payment (a killed process may not have printed its last).
        var refundLines = workers.SelectMany(w => Regex.Matches(w.Output, @"payment (\S+): refunded$", RegexOptions.Multiline)).GroupBy(m => m.Groups[1].Value).ToList();
        problems.AddRange(refundLines.Where(g => g.Count() > 1).Select(g => $"payment {g.Key} refunded {g.Count()} times"));

        foreach (var order in orders)
        {
            var state = (string)(await db.HashGetAsync(StateKey(order), "state"))!;
            outcomes[state] = outcomes.GetValueOrDefault(state) + 1;
            var history = (await db.ListRangeAsync(StateKey(order) + ":history")).Select(e => JsonDocument.Parse((string)e!).RootElement).ToList();
            bool Moved(string type, string from) => history.Any(h => h.GetProperty("type").GetString() == type && h.GetProperty("from").GetString() == from);
            var isLate = Moved("PaymentCaptured", "Compensated");
            late += isLate ? 1 : 0;
            timedOut += Moved("PaymentTimedOut", "AwaitingPayment") ? 1 : 0;

            var flow = await FlowTypesAsync(db, order);
            var shipped = flow.Contains("OrderShipped");
            var captured = flow.Contains("PaymentCaptured");
            var moneyBack = refunded.Contains("pay-" + order.Id.ToString("N")[..8]);
            var refused = refusedRefunds.Contains(order.Id);
            var problem = (state, shipped, captured, moneyBack) switch
            {
                ("Failed", _, _, _) when refused => CheckFlow(order, flow, state, resends: true),
                ("Compensated", _, true, false) when refused && isLate => null, // the late capture's refund, refused
                (not ("Completed" or "Compensated"), _, _, _) => "not Completed, Compensated, or Failed by a refused refund",
                ("Completed", false, _, _) or ("Compensated", true, _, _) => "Completed but not shipped, or shipped but not Completed",
                (_, true, _, true) => "shipped and refunded",
                ("Compensated", _, true, false) => "payment captured and never refunded",
                (_, _, false, true) => "refunded with no capture",
                _ => isLate ? null : CheckFlow(order, flow, state, resends: true),
            };
            if (problem is not null)
            {
                problems.Add($"order {order.Id} ({order.Sku}, {state}, late {isLate}): {problem}\n    flow: {string.Join(" → ", flow)}");
            }
        }

        log.WriteLine($"outcomes: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}; payment timed out for {timedOut}, "
            + $"of which {late} captured after the timeout; {refunded.Count} payment(s) refunded in all; "
            + $"{deadLetters.Count} refund request(s) refused on purpose and dead-lettered, for {refusedRefunds.Count} order(s)");
        return (problems, late, outcomes, refusedRefunds.Count);
    }
}
