using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// The choreography sample, run as a newcomer runs it: in memory, and on Redis, where its launcher
/// starts each service as processes of their own and follows the orders by their events.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed partial class ChoreographySampleTests(RedisServerFixture redis)
{
    [Fact]
    public async Task The_sample_runs_in_memory_and_counts_its_outcomes()
    {
        var (exitCode, output) = await RunAsync();

        Assert.True(exitCode == 0, output);
        Assert.Contains("Services: payment, inventory, shipping, in one process, in memory", output);
        Assert.Contains("Orders: 12 placed, 6 completed, 2 rejected, 4 compensated", output);
        Assert.Matches(FlowLine(), output); // the in-memory transport keeps the flows too
    }

    [RedisFact]
    public async Task On_Redis_the_launcher_runs_each_service_as_processes_and_every_failure_is_undone_by_the_services_that_acted()
    {
        const int Orders = 200;
        var prefix = $"choreo-{Guid.NewGuid():N}:";

        var (exitCode, output) = await RunAsync("--redis", redis.Address, "--Sagas:Redis:KeyPrefix", prefix, "--Launcher:Orders", $"{Orders}", "--Launcher:Replicas", "2");

        Assert.True(exitCode == 0, output);
        var (completed, rejected, compensated) = Expected(Orders, rejectEvery: 6, stockOutEvery: 4, unshippableEvery: 5);
        Assert.Contains($"Orders: {Orders} placed, {completed} completed, {rejected} rejected, {compensated} compensated", output);
        Assert.Matches(FlowLine(), output);

        // Each service is a consumer group of its own, on exactly the events it handles.
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var db = raw.GetDatabase();
        Assert.Equal(["Choreography.inventory", "Choreography.payment"], await GroupsAsync(db, prefix + "stream:{p0}:ShipmentFailed"));
        Assert.Equal(["Choreography.launcher", "Choreography.payment"], await GroupsAsync(db, prefix + "stream:{p0}:StockUnavailable"));

        // Every flow, read back from the flow log: each failure undone by exactly the services that had acted, once, after it.
        var flows = raw.GetServer(raw.GetEndPoints()[0]).Keys(pattern: prefix + "flow:*").ToList();
        Assert.Equal(Orders, flows.Count);
        foreach (var flow in flows)
        {
            var types = await FlowTypesAsync(db, flow!);
            string[] undone = types.Contains("ShipmentFailed") ? ["StockReleased", "PaymentRefunded"]
                : types.Contains("StockUnavailable") ? ["PaymentRefunded"]
                : [];
            var failure = types.FindIndex(t => t is "ShipmentFailed" or "StockUnavailable");
            var undo = types.Where(t => t is "StockReleased" or "PaymentRefunded").ToList();
            Assert.True(
                undo.Order().SequenceEqual(undone.Order()) && types.FindIndex(t => t is "StockReleased" or "PaymentRefunded") is var first && (undo.Count == 0 || first > failure),
                $"{flow}: {string.Join(" -> ", types)}");
        }
    }

    [Fact]
    public async Task A_single_service_without_Redis_is_refused()
    {
        var (exitCode, output) = await RunAsync("--service", "payment");

        Assert.Equal(2, exitCode);
        Assert.Contains("add --redis HOST:PORT", output);
    }

    // The launcher's rule: every n-th order fails at one service; the earliest service wins.
    private static (int Completed, int Rejected, int Compensated) Expected(int orders, int rejectEvery, int stockOutEvery, int unshippableEvery)
    {
        var rejected = Enumerable.Range(1, orders).Count(i => i % rejectEvery == 0);
        var compensated = Enumerable.Range(1, orders).Count(i => i % rejectEvery != 0 && (i % stockOutEvery == 0 || i % unshippableEvery == 0));
        return (orders - rejected - compensated, rejected, compensated);
    }

    private static async Task<string[]> GroupsAsync(IDatabase db, string stream)
    {
        var groups = (RedisResult[])(await db.ExecuteAsync("XINFO", "GROUPS", (RedisKey)stream))!;
        return [.. groups.Select(g => (string)((RedisResult[])g!)[1]!).Order()];
    }

    private static async Task<List<string>> FlowTypesAsync(IDatabase db, string flow)
    {
        var entries = (RedisResult[])(await db.ExecuteAsync("XRANGE", (RedisKey)flow, "-", "+"))!;
        return [.. entries.Select(e =>
        {
            var fields = ((RedisResult[])((RedisResult[])e!)[1]!).Select(f => (string)f!).ToArray();
            return fields[Array.IndexOf(fields, "type") + 1];
        })];
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        using var sample = SampleProcess.StartChoreography(arguments);
        if (!await sample.WaitForExitAsync(TimeSpan.FromMinutes(2)))
        {
            sample.Kill();
            Assert.Fail("The sample did not exit within 2 minutes:\n" + sample.Output);
        }

        return (sample.ExitCode, sample.Output);
    }

    [GeneratedRegex(@"Flow of order [0-9a-f]{8}: OrderPlaced -> PaymentCharged -> (StockUnavailable -> PaymentRefunded|StockReserved -> ShipmentFailed -> (StockReleased -> PaymentRefunded|PaymentRefunded -> StockReleased))")]
    private static partial Regex FlowLine();
}
