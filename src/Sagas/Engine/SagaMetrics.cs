using System.Diagnostics.Metrics;

namespace Sagas;

/// <summary>
/// The names of Sagas's metrics, all on the <see cref="Meter"/> named <see cref="MeterName"/>:
/// collect them with OpenTelemetry's <c>AddMeter(SagaMetrics.MeterName)</c> or <c>dotnet-counters
/// monitor --counters Sagas</c>. Tags are bounded: saga, state and message type names, outcomes;
/// never keys or ids. Nothing is measured, and nothing allocated, while no listener listens.
/// </summary>
public static class SagaMetrics
{
    /// <summary>The name of the meter.</summary>
    public const string MeterName = "Sagas";

    /// <summary>Saga transitions saved, tagged <c>saga</c>, <c>from</c> (<c>(new)</c> for a start) and <c>to</c>. Unit <c>{transition}</c>.</summary>
    public const string Transitions = "sagas.transitions";

    /// <summary>Saga instances started, tagged <c>saga</c>. Unit <c>{saga}</c>.</summary>
    public const string Started = "sagas.started";

    /// <summary>Saga instances finished (a final state, or <c>Complete()</c>), tagged <c>saga</c> and <c>state</c>. Unit <c>{saga}</c>.</summary>
    public const string Finished = "sagas.finished";

    /// <summary>Saves refused because another save of the same instance came first, tagged <c>saga</c>. Unit <c>{conflict}</c>.</summary>
    public const string ConcurrencyConflicts = "sagas.concurrency_conflicts";

    /// <summary>Compensations of a step started (its compensation ran the first time), tagged <c>saga</c> and <c>step</c>. Unit <c>{compensation}</c>.</summary>
    public const string CompensationsStarted = "sagas.compensations.started";

    /// <summary>Compensations of a step completed (confirmed, or needing no confirmation), tagged <c>saga</c> and <c>step</c>. Unit <c>{compensation}</c>.</summary>
    public const string CompensationsCompleted = "sagas.compensations.completed";

    /// <summary>Compensations given up on, tagged <c>saga</c> and <c>step</c>. Unit <c>{compensation}</c>.</summary>
    public const string CompensationsFailed = "sagas.compensations.failed";

    /// <summary>
    /// Messages a worker settled, tagged <c>messaging.message.type</c> (the wire name) and
    /// <c>outcome</c>: <c>handled</c>, <c>retried</c>, <c>dead_lettered</c> or <c>handed_back</c>
    /// (cut off by a shutdown). Unit <c>{message}</c>.
    /// </summary>
    public const string MessagesHandled = "sagas.messages.handled";

    /// <summary>How long a worker took to handle a message, tagged like <see cref="MessagesHandled"/>. Unit <c>s</c>.</summary>
    public const string HandlingDuration = "sagas.messages.duration";

    /// <summary>Messages given back to come again, tagged <c>messaging.message.type</c> and <c>kind</c> (<c>transient</c>, <c>infrastructure</c>). Unit <c>{message}</c>.</summary>
    public const string Retries = "sagas.retries";

    /// <summary>Messages dead-lettered, tagged <c>messaging.message.type</c> and <c>reason</c> (<c>permanent</c>, <c>retries_exhausted</c>). Unit <c>{message}</c>.</summary>
    public const string DeadLetters = "sagas.dead_letters";

    private const string New = "(new)";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> TransitionCounter =
        Meter.CreateCounter<long>(Transitions, "{transition}", "Saga transitions saved.");
    private static readonly Counter<long> StartedCounter =
        Meter.CreateCounter<long>(Started, "{saga}", "Saga instances started.");
    private static readonly Counter<long> FinishedCounter =
        Meter.CreateCounter<long>(Finished, "{saga}", "Saga instances finished, by final state.");
    private static readonly Counter<long> ConflictCounter =
        Meter.CreateCounter<long>(ConcurrencyConflicts, "{conflict}", "Saves refused because another save of the same instance came first; the step is tried again.");
    private static readonly Counter<long> StartedCompensations =
        Meter.CreateCounter<long>(CompensationsStarted, "{compensation}", "Compensations of a completed step started.");
    private static readonly Counter<long> CompletedCompensations =
        Meter.CreateCounter<long>(CompensationsCompleted, "{compensation}", "Compensations of a completed step confirmed, or run without awaiting a confirmation.");
    private static readonly Counter<long> FailedCompensations =
        Meter.CreateCounter<long>(CompensationsFailed, "{compensation}", "Compensations never confirmed after every attempt; their sagas ended in their failed state.");

    internal static void Transitioned(string saga, string? from, string to, bool isFinal)
    {
        if (TransitionCounter.Enabled)
        {
            TransitionCounter.Add(1, new("saga", saga), new("from", from ?? New), new("to", to));
        }

        if (from is null && StartedCounter.Enabled)
        {
            StartedCounter.Add(1, new KeyValuePair<string, object?>("saga", saga));
        }

        if (isFinal && FinishedCounter.Enabled)
        {
            FinishedCounter.Add(1, new("saga", saga), new("state", to));
        }
    }

    internal static void Conflict(string saga)
    {
        if (ConflictCounter.Enabled)
        {
            ConflictCounter.Add(1, new KeyValuePair<string, object?>("saga", saga));
        }
    }

    internal static void CompensationStarted(string saga, string step) => Count(StartedCompensations, saga, step);

    internal static void CompensationCompleted(string saga, string step) => Count(CompletedCompensations, saga, step);

    internal static void CompensationFailed(string saga, string step) => Count(FailedCompensations, saga, step);

    private static void Count(Counter<long> counter, string saga, string step)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>("saga", saga), new KeyValuePair<string, object?>("step", step));
        }
    }
}
