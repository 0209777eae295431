using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.Generated.OrderFulfillment;

namespace Sagas.Benchmarks.ScaleOut;

/// <summary>
/// The "scale" mode: the sample's order saga handled by 1, 2 and 4 worker processes of one consumer
/// group (each a worker service at concurrency 16), with enough orders in flight to keep them all
/// busy, first on a redis-server of its own, then on a 3-master Redis Cluster of its own; prints
/// transitions/s, CPU per transition in the workers and in Redis, and how long each worker took to
/// start, as a Markdown table.
/// </summary>
internal static class ScaleOutRun
{
    private const int TransitionsPerSaga = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        if (ScaleOutOptions.Parse(args) is not { } options)
        {
            Console.Error.WriteLine(ScaleOutOptions.Usage);
            return 2;
        }

        using var cancel = new StopOnSignals();
        var timing = Timing.FromSeconds(options.Seconds);
        var rows = new List<ScaleOutTable.Row>();
        IReadOnlyList<string> spread = [];
        try
        {
            if (options.Single)
            {
                using var server = await RedisServerProcess.StartAsync(cancel.Token);
                var target = new Target("one redis-server", server.Address, [server.ProcessId], Partitions: 1);
                rows.AddRange(await MeasureAllAsync(target, options.WorkerCounts, timing, cancel.Token));
            }

            if (options.Cluster)
            {
                Console.Error.WriteLine($"Starting a Redis Cluster of {RedisClusterProcesses.Masters} masters");
                using var cluster = await RedisClusterProcesses.StartAsync(cancel.Token);
                var target = new Target($"cluster, {RedisClusterProcesses.Masters} masters", cluster.Configuration, [.. cluster.Nodes.Select(n => n.ProcessId)], options.Partitions);
                rows.AddRange(await MeasureAllAsync(target, options.WorkerCounts, timing, cancel.Token));
                spread = await ClusterSpread.DescribeAsync(cluster, options.Partitions);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Stopped; the worker processes and the redis-servers were stopped too.");
            return 130;
        }

        Console.WriteLine(ScaleOutTable.Format(rows, timing, options, spread));
        return 0;
    }

    private static async Task<List<ScaleOutTable.Row>> MeasureAllAsync(Target target, int[] workerCounts, Timing timing, CancellationToken cancellationToken)
    {
        var rows = new List<ScaleOutTable.Row>();
        foreach (var workers in workerCounts)
        {
            Console.Error.WriteLine($"{target.Name}, {workers} worker process(es): starting, {timing.Warmup.TotalSeconds} s warm-up, {timing.Measure.TotalSeconds} s measured");
            rows.Add(await MeasureAsync(target, workers, timing, cancellationToken));
        }

        return rows;
    }

    private static async Task<ScaleOutTable.Row> MeasureAsync(Target target, int workers, Timing timing, CancellationToken cancellationToken)
    {
        var prefix = $"bench:scale:{workers}:";
        var processes = Enumerable.Range(0, workers).Select(_ => WorkerProcess.Start(target.Configuration, prefix, target.Partitions)).ToList();
        try
        {
            await Task.WhenAll(processes.Select(p => p.Ready)).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);

            // The orders come from here, as from another service: a bus on Redis with no worker of its own.
            var services = new ServiceCollection();
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            services.AddSagas(MessageRegistry.Instance, SagaRouter.Instance).UseRedis(target.Configuration, o => o.KeyPrefix = prefix, s =>
            {
                s.ServiceName = "bench-driver";
                s.Partitions = target.Partitions; // as the workers: a saga's messages go to the partition they read it from
            });
            await using var provider = services.BuildServiceProvider();
            var bus = provider.GetRequiredService<IMessageBus>();
            using var stop = new CancellationTokenSource();
            var driver = DriveAsync(bus, processes, workers * ScaleOutTable.InFlightPerWorker, stop.Token);

            try
            {
                await Task.Delay(timing.Warmup, cancellationToken);
                var before = Sample(target, processes);
                await Task.Delay(timing.Measure, cancellationToken);
                var after = Sample(target, processes);
                return Measured(target, workers, before, after, processes);
            }
            finally
            {
                await stop.CancelAsync();
                await driver;
            }
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    private static ScaleOutTable.Row Measured(Target target, int workers, Snapshot before, Snapshot after, List<WorkerProcess> processes)
    {
        var transitions = after.Transitions - before.Transitions;
        var elapsed = after.At - before.At;
        var redisCpu = after.RedisCpu.Zip(before.RedisCpu, (a, b) => a - b).ToList();
        var redisTotal = redisCpu.Aggregate(TimeSpan.Zero, (total, cpu) => total + cpu);
        return new ScaleOutTable.Row(
            target.Name,
            workers,
            transitions / elapsed.TotalSeconds,
            (after.WorkerCpu - before.WorkerCpu).TotalMicroseconds / transitions,
            redisTotal.TotalMicroseconds / transitions,
            (after.WorkerCpu - before.WorkerCpu) / elapsed,
            redisTotal / elapsed,
            [.. redisCpu.Select(cpu => cpu / elapsed)],
            processes.Select(p => p.StartupTime).Order().ElementAt(processes.Count / 2));
    }

    // Keeps about 'inFlight' sagas unfinished: a saga makes four transitions, whichever way it ends.
    private static async Task DriveAsync(IMessageBus bus, List<WorkerProcess> workers, int inFlight, CancellationToken stop)
    {
        long placed = 0;
        while (!stop.IsCancellationRequested)
        {
            var finished = workers.Sum(w => w.Transitions) / TransitionsPerSaga;
            while (placed - finished < inFlight)
            {
                await bus.PublishAsync(Orders.Next(), CancellationToken.None);
                placed++;
            }

            await Task.Delay(50, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static Snapshot Sample(Target target, List<WorkerProcess> workers) => new(
        Stopwatch.GetElapsedTime(0),
        workers.Sum(w => w.Transitions),
        workers.Aggregate(TimeSpan.Zero, (total, w) => total + CpuTime.Of(w.Id)),
        [.. target.ServerProcessIds.Select(CpuTime.Of)]);

    /// <summary>The Redis a set of rows runs on: what the workers and the driver are given, and the redis-servers whose CPU is read.</summary>
    private sealed record Target(string Name, string Configuration, IReadOnlyList<int> ServerProcessIds, int Partitions);

    private sealed record Snapshot(TimeSpan At, long Transitions, TimeSpan WorkerCpu, IReadOnlyList<TimeSpan> RedisCpu);
}
