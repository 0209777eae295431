namespace Sagas.Benchmarks;

/// <summary>One row of the table: a mode at a number of concurrent sagas, measured.</summary>
/// <param name="Mode">What ran.</param>
/// <param name="Concurrency">Sagas in flight at once.</param>
/// <param name="Transitions">Saga transitions saved in the throughput window.</param>
/// <param name="Elapsed">The throughput window's length.</param>
/// <param name="Ran">Every command Redis ran in the throughput window (INFO commandstats), those inside scripts included.</param>
/// <param name="Sent">The commands clients sent in the monitor window (MONITOR), a script call counting once.</param>
/// <param name="SentTransitions">Saga transitions saved in the monitor window.</param>
internal sealed record ThroughputResult(
    string Mode,
    int Concurrency,
    long Transitions,
    TimeSpan Elapsed,
    CommandStats Ran,
    CommandStats Sent,
    long SentTransitions)
{
    /// <summary>
    /// Sent commands nobody waits for: the store's outbox HDEL goes fire-and-forget (the only HDEL the
    /// runtime sends itself; the scheduler's are inside its scripts), and after a raw command (the
    /// blocking XREADGROUP) StackExchange.Redis sends SELECT 0 ahead of the next one, pipelined with it.
    /// </summary>
    public static readonly string[] NotAwaited = ["hdel", "select"];

    public double TransitionsPerSecond => Transitions / Elapsed.TotalSeconds;

    public double SentPerTransition => Per(Sent.Total, SentTransitions);

    public double RanPerTransition => Per(Ran.Total, Transitions);

    public double AwaitedPerTransition => Per(Sent.Total - NotAwaited.Sum(c => Sent[c]), SentTransitions);

    public static double Per(double count, long transitions) => transitions == 0 ? double.NaN : count / transitions;
}
