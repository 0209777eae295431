using System.Globalization;
using System.Text;

namespace Sagas.Benchmarks.ScaleOut;

/// <summary>The scale mode's Markdown table, and the notes under it that say what was measured and how.</summary>
internal static class ScaleOutTable
{
    /// <summary>About this many sagas are kept unfinished per worker process.</summary>
    public const int InFlightPerWorker = 256;

    public static string Format(IReadOnlyList<Row> rows, Timing timing, ScaleOutOptions options, IReadOnlyList<string> spread)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Scale-out on Redis ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
        text.AppendLine();
        text.AppendLine("| Redis | worker processes | transitions/s | CPU per transition, workers | CPU per transition, redis-server | cores busy, workers | cores busy, redis-server | cores busy, each master | worker start (median) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            var eachMaster = row.RedisCoresEach.Count > 1 ? string.Join(" / ", row.RedisCoresEach.Select(c => c.ToString("N2", CultureInfo.InvariantCulture))) : "–";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Redis} | {row.Workers} | {row.TransitionsPerSecond:N0} | {row.WorkerMicroseconds:N0} µs | {row.RedisMicroseconds:N0} µs | {row.WorkerCores:N2} | {row.RedisCores:N2} | {eachMaster} | {row.Startup.TotalSeconds:N2} s |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Each worker process: the sample's saga and participants, UseRedis, AddHostedWorker at concurrency 16, one consumer group. The orders come from this process's bus, about {InFlightPerWorker} sagas in flight per worker; {timing.Warmup.TotalSeconds} s of warm-up (the workers' JIT included), then {timing.Measure.TotalSeconds} s measured.");
        text.AppendLine("- CPU: user and system time from /proc/PID/stat over the measured seconds, summed over the worker processes, and over the redis-servers (one, or the cluster's masters); cores busy is that time ÷ the wall time. Worker start: from the process's start to its host's start.");
        if (options.Single)
        {
            text.AppendLine("- One redis-server: started for the run on a loopback port, no persistence; each message type on one stream (1 partition).");
        }

        if (options.Cluster)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Cluster: {RedisClusterProcesses.Masters} redis-server masters started for the run on loopback ports (cluster-enabled, no replicas, no persistence), joined with `redis-cli --cluster create … --cluster-replicas 0`, used once every master said cluster_state:ok. The workers and the driver get all {RedisClusterProcesses.Masters} endpoints and Sagas:Redis:Streams:Partitions = {options.Partitions}: each message type has {options.Partitions} streams, hash-tagged {{p0}}…{{p{options.Partitions - 1}}}, each on the master of its slot; a saga's keys are on the master of its own tag. Each master's cores busy is in the order of the list below.");
            text.AppendLine("- On a cluster a saga step's keys span slots (the saga's tag, the streams' partition tags, the flow logs' correlation tags), so each step is saved with its outbox and then relayed, not saved and delivered in the one script used on a single server: more commands per transition.");
            if (spread.Count > 0)
            {
                text.AppendLine("- The masters after the last row: their keys (DBSIZE, every row's), and which stream partitions and the timeout schedule their slots hold:");
            }

            foreach (var line in spread)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {line}");
            }
        }

        return text.ToString();
    }

    /// <summary>One row: a number of worker processes on one Redis.</summary>
    public sealed record Row(
        string Redis,
        int Workers,
        double TransitionsPerSecond,
        double WorkerMicroseconds,
        double RedisMicroseconds,
        double WorkerCores,
        double RedisCores,
        IReadOnlyList<double> RedisCoresEach,
        TimeSpan Startup);
}
