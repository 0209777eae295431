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
        var (exitCode, output) = await SampleProcess.RunToExitAsync(SampleProcess.ChoreographyPath);

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

        var (exitCode, output) = await SampleProcess.RunToExitAsync(SampleProcess.ChoreographyPath, "--redis", redis.Address, "--Sagas:Redis:KeyPrefix", prefix, "--Launcher:Orders", $"{Orders}", "--Launcher:Replicas", "2");

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
            var types = await FlowLog.TypesAsync(db, flow);
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

    [RedisFact]
    public async Task A_service_process_killed_mid_run_is_taken_over_by_its_replica_and_every_flow_still_ends()
    {
        const int Orders = 1000;
        var prefix = $"choreo-kill-{Guid.NewGuid():N}:";
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var db = raw.GetDatabase();
        using var launcher = SampleProcess.StartChoreography(
            "--redis", redis.Address, "--Sagas:Redis:KeyPrefix", prefix, "--Launcher:Orders", $"{Orders}", "--Launcher:Replicas", "2",
            "--Sagas:Redis:Streams:ClaimIdleTime", "00:00:02", "--Sagas:Redis:Streams:MaintenanceInterval", "00:00:00.200",
            "--Sagas:RetryDelays:0", "00:00:00.050", "--Sagas:RetryDelays:1", "00:00:00.100", "--Sagas:RetryDelays:2", "00:00:00.200");

        // Once the payment service is under way, SIGKILL one of its two processes.
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await AddedAsync(db, prefix + "stream:{p0}:PaymentCharged") < 100)
        {
            Assert.True(DateTime.UtcNow < deadline && !launcher.HasExited, "the payment service never got going:\n" + launcher.Output);
            await Task.Delay(20);
        }

        using var payment = ServiceProcess(prefix, "payment");
        payment.Kill(entireProcessTree: true);
        payment.WaitForExit();

        Assert.True(await launcher.WaitForExitAsync(TimeSpan.FromMinutes(3)), "the launcher did not finish:\n" + launcher.Output);
        Assert.True(launcher.ExitCode == 0, launcher.Output);
        var (completed, rejected, compensated) = Expected(Orders, rejectEvery: 6, stockOutEvery: 4, unshippableEvery: 5);
        Assert.Contains($"Orders: {Orders} placed, {completed} completed, {rejected} rejected, {compensated} compensated", launcher.Output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(launcher.Output, @"Services that stopped during the run: payment-[12] \(exit 137\)"), launcher.Output);
    }

    [Fact]
    public async Task The_launcher_ends_with_the_message_of_a_setting_out_of_range()
    {
        var (exitCode, output) = await SampleProcess.RunToExitAsync(SampleProcess.ChoreographyPath, "--redis", $"127.0.0.1:{RawRedis.FreePort()}", "--Sagas:Redis:Streams:Partitions", "0");

        Assert.Equal(2, exitCode);
        Assert.Contains("Sagas:Redis:Streams:Partitions is 0; set it to a number from 1 to 1024", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }

    [Fact]
    public async Task A_single_service_without_Redis_is_refused()
    {
        var (exitCode, output) = await SampleProcess.RunToExitAsync(SampleProcess.ChoreographyPath, "--service", "payment");

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

    // How many entries were ever added to a stream: its length shrinks as acknowledged entries are trimmed.
    private static async Task<long> AddedAsync(IDatabase db, string stream)
    {
        if (!await db.KeyExistsAsync(stream))
        {
            return 0;
        }

        var info = ((RedisResult[])(await db.ExecuteAsync("XINFO", "STREAM", (RedisKey)stream))!).Select(f => f.ToString()).ToArray();
        return long.Parse(info[Array.IndexOf(info, "entries-added") + 1]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    // One of the processes the launcher started for a service, found by its command line.
    private static System.Diagnostics.Process ServiceProcess(string prefix, string service) =>
        System.Diagnostics.Process.GetProcesses().First(p =>
        {
            try
            {
                var commandLine = File.ReadAllText($"/proc/{p.Id}/cmdline").Replace('\0', ' ');
                return commandLine.Contains(prefix, StringComparison.Ordinal) && commandLine.EndsWith($"--service {service} ", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false; // exited meanwhile
            }
        });

    private static async Task<string[]> GroupsAsync(IDatabase db, string stream)
    {
        var groups = (RedisResult[])(await db.ExecuteAsync("XINFO", "GROUPS", (RedisKey)stream))!;
        return [.. groups.Select(g => (string)((RedisResult[])g!)[1]!).Order()];
    }



    [GeneratedRegex(@"Flow of order [0-9a-f]{8}: OrderPlaced -> PaymentCharged -> (StockUnavailable -> PaymentRefunded|StockReserved -> ShipmentFailed -> (StockReleased -> PaymentRefunded|PaymentRefunded -> StockReleased))")]
    private static partial Regex FlowLine();
}
