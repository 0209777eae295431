using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sagas.Hosting;

/// <summary>
/// The worker's side of Sagas's metrics (names in <see cref="SagaMetrics"/>), on a meter of the
/// same name: how each message was settled, how long it took, retries and dead letters.
/// </summary>
internal static class WorkerMetrics
{
    private const string MessageType = "messaging.message.type";
    private static readonly Meter Meter = new(SagaMetrics.MeterName);
    private static readonly Counter<long> Handled =
        Meter.CreateCounter<long>(SagaMetrics.MessagesHandled, "{message}", "Messages a worker settled, by outcome.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        SagaMetrics.HandlingDuration,
        "s",
        "How long a worker took to handle a message, its saves included.",
        tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    private static readonly Counter<long> RetryCounter =
        Meter.CreateCounter<long>(SagaMetrics.Retries, "{message}", "Messages given back to come again.");
    private static readonly Counter<long> DeadLetterCounter =
        Meter.CreateCounter<long>(SagaMetrics.DeadLetters, "{message}", "Messages dead-lettered.");

    /// <summary>A timestamp to pass to <see cref="Settled"/>; 0 when no one listens to the duration.</summary>
    public static long Start() => Duration.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records how a message was settled: <c>handled</c>, <c>retried</c>, <c>dead_lettered</c> or <c>handed_back</c>.</summary>
    public static void Settled(string messageType, string outcome, long started)
    {
        if (Handled.Enabled)
        {
            Handled.Add(1, new(MessageType, messageType), new("outcome", outcome));
        }

        if (started != 0)
        {
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new(MessageType, messageType), new("outcome", outcome));
        }
    }

    /// <summary>Records a message given back, <c>transient</c> or <c>infrastructure</c>.</summary>
    public static void Retried(string messageType, string kind)
    {
        if (RetryCounter.Enabled)
        {
            RetryCounter.Add(1, new(MessageType, messageType), new("kind", kind));
        }
    }

    /// <summary>Records a message dead-lettered, <c>permanent</c> or <c>retries_exhausted</c>.</summary>
    public static void DeadLettered(string messageType, string reason)
    {
        if (DeadLetterCounter.Enabled)
        {
            DeadLetterCounter.Add(1, new(MessageType, messageType), new("reason", reason));
        }
    }
}
