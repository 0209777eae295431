using System.Diagnostics;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

// A worker stopped gracefully (SIGTERM, as an operator or an orchestrator stops it) mid-run, while it
// holds messages it read and has not started: it hands them back, and the other worker of its
// service takes them within seconds instead of after ClaimIdleTime.
public sealed partial class RedisWorkerCrashTests
{
    private const int GracefulStopOrders = 200;
    private const string PaymentGroup = "OrderFulfillment.payment";

    // Longer than the sample's payment timeout (30 s): a capture left to a take-over after
    // ClaimIdleTime would time its order out, so only the hand-back lets every order complete.
    private const string LongClaimIdleTime = "00:01:00";
    private static readonly TimeSpan HandBackBound = TimeSpan.FromSeconds(15);

    [RedisFact]
    public async Task A_payment_worker_stopped_with_SIGTERM_mid_run_hands_back_what_it_read_and_the_other_takes_it_within_seconds_with_no_order_timed_out()
    {
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var db = raw.GetDatabase();
        var orders = await PublishOrdersAsync(db, GracefulStopOrders, stockOutEvery: 0);

        string[] common =
        [
            "--Sagas:Redis:Streams:ClaimIdleTime", LongClaimIdleTime, "--Sagas:Redis:Streams:MaintenanceInterval", "00:00:01",
            "--Logging:LogLevel:Sagas.RedisStreamTransport", "Information", // the hand-back (4023) and the take-overs (4014)
        ];

        // Each payment worker reads 16 captures at a time and handles one at a time, 20 ms each (the
        // bank): while it handles one, it holds up to 31 it has read and not started.
        string[] payment = [.. common, "--Sagas:Concurrency", "1", "--Sagas:Redis:Streams:BatchSize", "16", "--Sample:Failures:PaymentDelay", "00:00:00.020"];
        var workers = new List<SampleProcess>();
        try
        {
            var clock = Stopwatch.StartNew();
            foreach (var role in new[] { "orders", "inventory", "shipping" })
            {
                StartWorker(workers, role, settings: common);
            }

            // The backlog: every capture requested before a payment worker starts.
            while (await LengthAsync(db, Stream("CapturePayment")) < GracefulStopOrders)
            {
                Assert.True(clock.Elapsed < ReachKillPointTimeout, "the orders service did not request every capture:\n" + workers[0].Output);
                await Task.Delay(50);
            }

            var stopped = StartWorker(workers, "payment", settings: payment);
            var survivor = StartWorker(workers, "payment", settings: payment);
            long held;
            while ((held = await PendingOfAsync(db, stopped)) < 2 || await PendingOfAsync(db, survivor) == 0)
            {
                Assert.True(clock.Elapsed < ReachKillPointTimeout, "the two payment workers did not both read captures:\n" + stopped.Output + "\n" + survivor.Output);
                await Task.Delay(20);
            }

            stopped.Terminate();
            var stoppedAt = clock.Elapsed;
            log.WriteLine($"{stoppedAt.TotalSeconds:F1} s: SIGTERM to payment worker {stopped.Id}, holding {held} capture(s) read and not acknowledged; "
                + $"{await CountFinishedAsync(db, orders)} of {orders.Length} orders finished");

            // Nothing of the payment service pending, and every capture read; on the way, the stopped
            // worker's captures taken by the survivor (the stopped consumer then holds none).
            TimeSpan? taken = null;
            while (!await ServiceDrainedAsync(db, "CapturePayment", PaymentGroup))
            {
                if (taken is null && await PendingOfAsync(db, stopped) == 0)
                {
                    taken = clock.Elapsed - stoppedAt;
                }

                if (clock.Elapsed - stoppedAt > HandBackBound)
                {
                    Assert.Fail($"The payment service still had captures pending {HandBackBound.TotalSeconds} s after the SIGTERM "
                        + $"(ClaimIdleTime {LongClaimIdleTime}): {await JsonAsync(db, Stream("CapturePayment"), "XINFO", "CONSUMERS", "KEY", PaymentGroup)}\n"
                        + "--- stopped:\n" + stopped.Output + "\n--- survivor:\n" + survivor.Output);
                }

                await Task.Delay(50);
            }

            var drained = clock.Elapsed - stoppedAt;
            taken ??= drained;
            Assert.True(await stopped.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the stopped worker did not exit:\n" + stopped.Output);
            Assert.True(stopped.ExitCode == 0, $"the stopped worker exited with {stopped.ExitCode}:\n{stopped.Output}");
            var handedBack = Regex.Match(stopped.Output, @"handed back (\d+) message\(s\)");
            Assert.True(handedBack.Success, "the stopped worker did not log a hand-back (event 4023):\n" + stopped.Output);
            var tookOver = Regex.Count(survivor.Output, @"Took over message \S+ on \S+:CapturePayment");
            log.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: the stopped worker exited 0 after handing back {handedBack.Groups[1].Value} capture(s); "
                + $"the survivor took over {tookOver} within {taken.Value.TotalSeconds:F1} s; nothing of the payment service pending {drained.TotalSeconds:F1} s after the SIGTERM");
            Assert.True(tookOver >= int.Parse(handedBack.Groups[1].Value), "the survivor took over fewer captures than were handed back:\n" + survivor.Output);

            // Every order completed through exactly its four steps: no payment timed out, nothing compensated.
            await FinishAndCheckAsync(db, orders, [.. workers.Where(w => w != stopped)], workers, clock);
            Assert.Equal(0, await LengthAsync(db, _prefix + "dead-letters"));
            Assert.Equal(0, await db.SortedSetLengthAsync(_prefix + "schedule:{timeouts}:due"));
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    // How many entries of the CapturePayment stream a worker process has read and not acknowledged.
    private async Task<long> PendingOfAsync(IDatabase db, SampleProcess worker)
    {
        if (!await db.KeyExistsAsync(Stream("CapturePayment")))
        {
            return 0;
        }

        try
        {
            var consumers = await db.StreamConsumerInfoAsync(Stream("CapturePayment"), PaymentGroup);
            return consumers.Where(c => c.Name.Contains($"-{worker.Id}-", StringComparison.Ordinal)).Sum(c => (long)c.PendingMessageCount);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return 0;
        }
    }

    // Whether a service's group has read every entry of a stream and acknowledged every one it read.
    private async Task<bool> ServiceDrainedAsync(IDatabase db, string wireName, string group)
    {
        var stream = await db.StreamInfoAsync(Stream(wireName));
        var info = (await db.StreamGroupInfoAsync(Stream(wireName))).Single(g => g.Name == group);
        return info.PendingMessageCount == 0 && info.LastDeliveredId == stream.LastGeneratedId;
    }
}
