using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>The README's sample, run as a process the way a newcomer runs it: in memory, and against Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class OrderFulfillmentSampleTests(RedisServerFixture redis)
{
    [Fact]
    public async Task The_sample_runs_in_memory_and_counts_its_outcomes()
    {
        var (exitCode, output) = await RunSampleAsync();

        Assert.True(exitCode == 0, output);
        Assert.Contains("Saga state and messages: in memory", output);
        Assert.Contains("(new)            -> AwaitingPayment  on OrderPlaced", output);
        Assert.Contains("AwaitingStock    -> Compensating     on StockUnavailable", output);
        Assert.Contains("Compensating     -> Compensated      on PaymentRefunded", output);
        Assert.Contains("Orders: 8 placed, 6 completed, 2 compensated, 0 failed", output);
    }

    [Fact]
    public async Task Injected_payment_declines_end_orders_compensated_and_the_counts_add_up()
    {
        var (exitCode, output) = await RunSampleAsync("--Sample:Orders", "40", "--Sample:Failures:PaymentDeclineRate", "0.5");

        Assert.True(exitCode == 0, output);
        var (completed, compensated, failed) = Counts(output, placed: 40);
        Assert.True(compensated > 10, $"only the 10 stock-outs were compensated, no payment was declined:\n{output}");
        Assert.Equal(0, failed);
        Assert.Contains("-> Compensated      on PaymentDeclined", output);
    }

    [Fact]
    public async Task An_injected_stock_out_rate_compensates_orders_on_StockUnavailable()
    {
        var (exitCode, output) = await RunSampleAsync("--Sample:Orders", "10", "--Sample:StockOutEvery", "0", "--Sample:Failures:StockOutRate", "1");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Orders: 10 placed, 0 completed, 10 compensated, 0 failed", output);
        Assert.Equal(10, Lines(output).Count(l => l.EndsWith("-> Compensating     on StockUnavailable", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Lost_shipments_are_undone_newest_first_and_refunds_that_always_fail_end_orders_failed()
    {
        var (exitCode, output) = await RunSampleAsync(
            // Each of 40 orders ends each way with a chance of 1 in 4 or more, so all three show (but for 1 run in 30,000).
            "--Sample:Orders", "40", "--Sample:StockOutEvery", "0",
            "--Sample:Failures:ShippingTimeoutRate", "0.5", "--Sample:Failures:RefundFailureRate", "0.5",
            "--Sagas:CompensationTimeout", "00:00:00.500", "--Sagas:RetryDelays:0", "00:00:00.050");

        Assert.True(exitCode == 0, output);
        var (completed, compensated, failed) = Counts(output, placed: 40);
        Assert.True(compensated > 0 && failed > 0 && completed > 0, output);

        // Per order: the stock is released before the payment is refunded, each confirmed in turn.
        var compensations = Lines(output).Where(l => l.Contains("Compensating", StringComparison.Ordinal)).GroupBy(l => l[..14]).ToList();
        Assert.NotEmpty(compensations);
        foreach (var order in compensations)
        {
            var steps = order.Select(l => l[16..].Trim()).ToList();
            Assert.Equal("AwaitingShipment -> Compensating     on ShipmentTimedOut", steps[0]);
            Assert.Equal("Compensating     -> Compensating     on StockReleased", steps[1]);
            Assert.True(
                steps[^1] is "Compensating     -> Compensated      on PaymentRefunded" or "Compensating     -> Failed           on Sagas.CompensationTimedOut",
                string.Join('\n', steps));
        }

        Assert.Contains("gave up compensating step PaymentCaptured after 3 unconfirmed attempt(s) and ended in Failed", output);
    }

    [RedisFact]
    public async Task The_sample_keeps_its_saga_state_in_Redis_when_given_an_address()
    {
        var (exitCode, output) = await RunSampleAsync("--redis", redis.Address, "--Sample:Orders", "4");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Orders: 4 placed, 3 completed, 1 compensated, 0 failed", output);
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var keys = raw.GetServer(raw.GetEndPoints()[0]).Keys(pattern: "sagas:saga:{OrderFulfillment.OrderSaga:*}").ToList();
        Assert.True(keys.Count >= 4, $"Expected the sample's 4 sagas in Redis, found {keys.Count} keys.");
    }

    [Fact]
    public async Task The_sample_says_which_setting_to_fix_when_Redis_does_not_answer()
    {
        var (exitCode, output) = await RunSampleAsync("--redis", $"127.0.0.1:{RawRedis.FreePort()}", "--Sagas:Redis:ConnectTimeout", "00:00:01");

        Assert.Equal(1, exitCode);
        Assert.Contains("does not answer", output);
        Assert.Contains("--redis HOST:PORT", output);
    }

    [Fact]
    public async Task The_sample_ends_with_the_message_of_a_setting_out_of_range()
    {
        var (exitCode, output) = await RunSampleAsync("--Sagas:Concurrency", "0");

        Assert.Equal(2, exitCode);
        Assert.Contains("Sagas:Concurrency is 0; set it to 1 or more", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [RedisFact]
    public async Task The_sample_runs_its_services_as_separate_processes_on_Redis()
    {
        var prefix = $"roles-{Guid.NewGuid():N}:";
        string[] common = ["--redis", redis.Address, "--Sagas:Redis:KeyPrefix", prefix];
        using var payment = SampleProcess.Start([.. common, "--role", "payment"]);
        using var inventory = SampleProcess.Start([.. common, "--role", "inventory"]);
        using var shipping = SampleProcess.Start([.. common, "--role", "shipping"]);

        var (exitCode, output) = await RunSampleAsync([.. common, "--role", "orders", "--Sample:Orders", "12"]);

        Assert.True(exitCode == 0, output + "\n--- payment:\n" + payment.Output + "\n--- inventory:\n" + inventory.Output + "\n--- shipping:\n" + shipping.Output);
        Assert.Contains("Orders: 12 placed, 9 completed, 3 compensated, 0 failed", output);
        Assert.False(payment.HasExited, payment.Output); // participants run until stopped
        Assert.False(inventory.HasExited, inventory.Output);
        Assert.False(shipping.HasExited, shipping.Output);

        // Each service reads as its own consumer group, and only what it handles.
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var groups = (RedisResult[])(await raw.GetDatabase().ExecuteAsync("XINFO", "GROUPS", (RedisKey)(prefix + "stream:{p0}:CapturePayment")))!;
        Assert.Equal(["OrderFulfillment.payment"], groups.Select(g => (string)((RedisResult[])g!)[1]!));
    }

    [RedisFact]
    public async Task The_driver_counts_the_outcomes_from_the_store_when_another_coordinator_moves_some_of_the_orders()
    {
        var prefix = $"counts-{Guid.NewGuid():N}:";
        string[] common = ["--redis", redis.Address, "--Sagas:Redis:KeyPrefix", prefix];
        using var payment = SampleProcess.Start([.. common, "--role", "payment"]);
        using var inventory = SampleProcess.Start([.. common, "--role", "inventory"]);
        using var shipping = SampleProcess.Start([.. common, "--role", "shipping"]);
        using var coordinator = SampleProcess.Start([.. common, "--role", "orders", "--worker", "true"]);

        // The other coordinator reads OrderPlaced (blocking) before the driver places the orders, so it takes some of them.
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var orderPlaced = (RedisKey)(prefix + "stream:{p0}:OrderPlaced");
        for (var waited = 0; !await raw.GetDatabase().KeyExistsAsync(orderPlaced) || (await raw.GetDatabase().StreamGroupInfoAsync(orderPlaced)).Length == 0; waited++)
        {
            Assert.True(waited < 600, "the other coordinator never read OrderPlaced:\n" + coordinator.Output);
            await Task.Delay(50);
        }

        var (exitCode, output) = await RunSampleAsync([.. common, "--role", "orders", "--Sample:Orders", "40"]);

        Assert.True(exitCode == 0, output + "\n--- other coordinator:\n" + coordinator.Output);
        Assert.Contains("Orders: 40 placed, 30 completed, 10 compensated, 0 failed", output);
        var startedHere = Lines(output).Count(l => l.EndsWith("on OrderPlaced", StringComparison.Ordinal));
        var startedThere = Lines(coordinator.Output).Count(l => l.EndsWith("on OrderPlaced", StringComparison.Ordinal));
        Assert.True(startedHere < 40 && startedHere + startedThere == 40, $"the driver's process started {startedHere} orders and the other {startedThere}");
    }

    [Fact]
    public async Task The_sample_refuses_a_role_without_Redis()
    {
        var (exitCode, output) = await RunSampleAsync("--role", "payment");

        Assert.Equal(2, exitCode);
        Assert.Contains("add --redis HOST:PORT", output);
    }

    // The closing line's counts, which must add up to the orders placed.
    private static (int Completed, int Compensated, int Failed) Counts(string output, int placed)
    {
        var counts = System.Text.RegularExpressions.Regex.Match(output, @"Orders: (\d+) placed, (\d+) completed, (\d+) compensated, (\d+) failed");
        Assert.True(counts.Success, output);
        var (completed, compensated, failed) = (int.Parse(counts.Groups[2].Value), int.Parse(counts.Groups[3].Value), int.Parse(counts.Groups[4].Value));
        Assert.Equal(placed, int.Parse(counts.Groups[1].Value));
        Assert.Equal(placed, completed + compensated + failed);
        return (completed, compensated, failed);
    }

    private static IEnumerable<string> Lines(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("order ", StringComparison.Ordinal));

    private static Task<(int ExitCode, string Output)> RunSampleAsync(params string[] arguments) => SampleProcess.RunToExitAsync(SampleProcess.SamplePath, arguments);
}
