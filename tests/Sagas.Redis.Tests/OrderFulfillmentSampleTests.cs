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
        Assert.Contains("(new)           -> AwaitingPayment on OrderPlaced", output);
        Assert.Contains("Orders: 8 placed, 6 completed, 2 compensated", output);
    }

    [Fact]
    public async Task Injected_payment_declines_end_orders_compensated_and_the_counts_add_up()
    {
        var (exitCode, output) = await RunSampleAsync("--Sample:Orders", "40", "--Sample:Failures:PaymentDeclineRate", "0.5");

        Assert.True(exitCode == 0, output);
        var counts = System.Text.RegularExpressions.Regex.Match(output, @"Orders: (\d+) placed, (\d+) completed, (\d+) compensated");
        Assert.True(counts.Success, output);
        var (completed, compensated) = (int.Parse(counts.Groups[2].Value), int.Parse(counts.Groups[3].Value));
        Assert.Equal(40, completed + compensated);
        Assert.True(compensated > 10, $"only the 10 stock-outs were compensated, no payment was declined:\n{output}");
        Assert.Contains("-> Compensated     on PaymentDeclined", output);
    }

    [RedisFact]
    public async Task The_sample_keeps_its_saga_state_in_Redis_when_given_an_address()
    {
        var (exitCode, output) = await RunSampleAsync("--redis", redis.Address, "--Sample:Orders", "4");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Orders: 4 placed, 3 completed, 1 compensated", output);
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

    [RedisFact]
    public async Task The_sample_runs_its_services_as_separate_processes_on_Redis()
    {
        var prefix = $"roles-{Guid.NewGuid():N}:";
        string[] common = ["--redis", redis.Address, "--Sagas:Redis:KeyPrefix", prefix];
        using var payment = SampleProcess.Start([.. common, "--role", "payment"]);
        using var inventory = SampleProcess.Start([.. common, "--role", "inventory"]);

        var (exitCode, output) = await RunSampleAsync([.. common, "--role", "orders", "--Sample:Orders", "12"]);

        Assert.True(exitCode == 0, output + "\n--- payment:\n" + payment.Output + "\n--- inventory:\n" + inventory.Output);
        Assert.Contains("Orders: 12 placed, 9 completed, 3 compensated", output);
        Assert.False(payment.HasExited, payment.Output); // participants run until stopped
        Assert.False(inventory.HasExited, inventory.Output);

        // Each service reads as its own consumer group, and only what it handles.
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var groups = (RedisResult[])(await raw.GetDatabase().ExecuteAsync("XINFO", "GROUPS", (RedisKey)(prefix + "stream:{p0}:CapturePayment")))!;
        Assert.Equal(["OrderFulfillment.payment"], groups.Select(g => (string)((RedisResult[])g!)[1]!));
    }

    [Fact]
    public async Task The_sample_refuses_a_role_without_Redis()
    {
        var (exitCode, output) = await RunSampleAsync("--role", "payment");

        Assert.Equal(2, exitCode);
        Assert.Contains("add --redis HOST:PORT", output);
    }

    private static async Task<(int ExitCode, string Output)> RunSampleAsync(params string[] arguments)
    {
        using var sample = SampleProcess.Start(arguments);
        if (!await sample.WaitForExitAsync(TimeSpan.FromMinutes(2)))
        {
            sample.Kill();
            Assert.Fail("The sample did not exit within 2 minutes:\n" + sample.Output);
        }

        return (sample.ExitCode, sample.Output);
    }
}
