using System.Diagnostics;
using StackExchange.Redis;

namespace Sagas.Benchmarks;

/// <summary>
/// Measures a load that is already running: waits out the warm-up, counts transitions and the
/// commands Redis ran over the throughput window, then counts the commands clients sent in a
/// MONITOR window of its own (MONITOR slows the server down).
/// </summary>
internal static class MeasurementWindow
{
    public static async Task<ThroughputResult> MeasureAsync(
        string mode,
        int concurrency,
        TransitionCounter counter,
        RedisServerProcess server,
        IDatabase admin,
        Timing timing,
        CancellationToken cancellationToken)
    {
        await Task.Delay(timing.Warmup, cancellationToken);
        var ranBefore = await CommandStats.ReadAsync(admin);
        var transitionsBefore = counter.Transitions;
        var clock = Stopwatch.StartNew();
        await Task.Delay(timing.Measure, cancellationToken);
        var ranAfter = await CommandStats.ReadAsync(admin);
        var transitions = counter.Transitions - transitionsBefore;
        var elapsed = clock.Elapsed;

        var (sent, sentTransitions) = await CommandMonitor.CountAsync(server.Port, admin, counter, timing.Monitor, cancellationToken);
        var result = new ThroughputResult(mode, concurrency, transitions, elapsed, ranAfter.Since(ranBefore), sent, sentTransitions);
        Console.Error.WriteLine(
            $"  {result.TransitionsPerSecond:N0} transitions/s; per transition: {result.SentPerTransition:N2} commands sent, {result.AwaitedPerTransition:N2} awaited, "
            + $"{result.RanPerTransition:N2} run by Redis ({sentTransitions:N0} transitions monitored)");
        return result;
    }
}
