using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.Generated.OrderFulfillment;

namespace Sagas.Benchmarks.ScaleOut;

/// <summary>
/// The "scale" mode: the sample's order saga on a redis-server of its own, handled by 1, 2 and 4
/// worker processes of one consumer group (each a worker service at concurrency 16), with enough
/// orders in flight to keep them all busy; prints transitions/s, CPU per transition in the workers
/// and in Redis, and how long each worker took to start, as a Markdown table.
/// </summary>
internal static class ScaleOutRun
{
    private const int TransitionsPerSaga = 4;
    private const int InFlightPerWorker = 256;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Timing.DefaultSeconds;
        int[] workerCounts = [1, 2, 4];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var s) && s > 0:
                    seconds = s;
                    break;
                case "--workers":
                    workerCounts = [.. args[i + 1].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))];
                    break;
                default:
                    Console.Error.WriteLine("Usage: dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- scale [--seconds N] [--workers 1,2,4]");
                    return 2;
            }
        }

        using var cancel = new StopOnSignals();
        using var server = await RedisServerProcess.StartAsync(cancel.Token);
        var timing = Timing.FromSeconds(seconds);
        var rows = new List<Row>();
        try
        {
            foreach (var workers in workerCounts)
            {
                Console.Error.WriteLine($"{workers} worker process(es): starting, {timing.Warmup.TotalSeconds} s warm-up, {timing.Measure.TotalSeconds} s measured");
                rows.Add(await MeasureAsync(server, workers, timing, cancel.Token));
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Stopped; the worker processes and the redis-server were stopped too.");
            return 130;
        }

        Console.WriteLine(Table(rows, timing));
        return 0;
    }

    private static async Task<Row> MeasureAsync(RedisServerProcess server, int workers, Timing timing, CancellationToken cancellationToken)
    {
        var prefix = $"bench:scale:{workers}:";
        var processes = Enumerable.Range(0, workers).Select(_ => WorkerProcess.Start(server.Address, prefix)).ToList();
        try
        {
            await Task.WhenAll(processes.Select(p => p.Ready)).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);

            // The orders come from here, as from another service: a bus on Redis with no worker of its own.
            var services = new ServiceCollection();
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            services.AddSagas(MessageRegistry.Instance, SagaRouter.Instance).UseRedis(server.Address, o => o.KeyPrefix = prefix, s => s.ServiceName = "bench-driver");
            await using var provider = services.BuildServiceProvider();
            var bus = provider.GetRequiredService<IMessageBus>();
            using var stop = new CancellationTokenSource();
            var driver = DriveAsync(bus, processes, workers * InFlightPerWorker, stop.Token);

            try
            {
                await Task.Delay(timing.Warmup, cancellationToken);
                var before = Sample(server, processes);
                await Task.Delay(timing.Measure, cancellationToken);
                var after = Sample(server, processes);
                return Measured(workers, before, after, processes);
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

    private static Row Measured(int workers, Snapshot before, Snapshot after, List<WorkerProcess> processes)
    {
        var transitions = after.Transitions - before.Transitions;
        var elapsed = after.At - before.At;
        return new Row(
            workers,
            transitions / elapsed.TotalSeconds,
            (after.WorkerCpu - before.WorkerCpu).TotalMicroseconds / transitions,
            (after.RedisCpu - before.RedisCpu).TotalMicroseconds / transitions,
            (after.WorkerCpu - before.WorkerCpu) / elapsed,
            (after.RedisCpu - before.RedisCpu) / elapsed,
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

    private static Snapshot Sample(RedisServerProcess server, List<WorkerProcess> workers) => new(
        Stopwatch.GetElapsedTime(0),
        workers.Sum(w => w.Transitions),
        workers.Aggregate(TimeSpan.Zero, (total, w) => total + CpuTime.Of(w.Id)),
        CpuTime.Of(server.ProcessId));

    private static string Table(List<Row> rows, Timing timing)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Scale-out on Redis ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
        text.AppendLine();
        text.AppendLine("| worker processes | transitions/s | CPU per transition, workers | CPU per transition, redis-server | cores busy, workers | cores busy, redis-server | worker start (median) |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Workers} | {row.TransitionsPerSecond:N0} | {row.WorkerMicroseconds:N0} µs | {row.RedisMicroseconds:N0} µs | {row.WorkerCores:N2} | {row.RedisCores:N2} | {row.Startup.TotalSeconds:N2} s |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Each worker process: the sample's saga and participants, UseRedis, AddHostedWorker at concurrency 16, one consumer group. The orders come from this process's bus, about {InFlightPerWorker} sagas in flight per worker; {timing.Warmup.TotalSeconds} s of warm-up (the workers' JIT included), then {timing.Measure.TotalSeconds} s measured.");
        text.AppendLine("- CPU: user and system time from /proc/PID/stat over the measured seconds, summed over the worker processes, and redis-server's; cores busy is that time ÷ the wall time. Worker start: from the process's start to its host's start.");
        return text.ToString();
    }

    private sealed record Snapshot(TimeSpan At, long Transitions, TimeSpan WorkerCpu, TimeSpan RedisCpu);

    private sealed record Row(int Workers, double TransitionsPerSecond, double WorkerMicroseconds, double RedisMicroseconds, double WorkerCores, double RedisCores, TimeSpan Startup);
}
