namespace Sagas.Benchmarks;

/// <summary>How long each row warms up, measures throughput, then counts the commands clients send (MONITOR).</summary>
internal sealed record Timing(TimeSpan Warmup, TimeSpan Measure, TimeSpan Monitor)
{
    public const int DefaultSeconds = 10;

    /// <summary>
    /// From the measured seconds: a third of them to warm up and a fifth to monitor (each at least
    /// 1 s). The default, 10 s, keeps the whole run (six rows and the ceiling) near 2 minutes.
    /// </summary>
    public static Timing FromSeconds(int seconds) => new(
        TimeSpan.FromSeconds(Math.Max(1, seconds / 3)),
        TimeSpan.FromSeconds(seconds),
        TimeSpan.FromSeconds(Math.Max(1, seconds / 5)));
}
