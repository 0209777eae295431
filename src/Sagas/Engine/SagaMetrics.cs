using System.Diagnostics.Metrics;

namespace Sagas;

/// <summary>
/// The engine's metrics, on the <see cref="System.Diagnostics.Metrics.Meter"/> named
/// <see cref="MeterName"/>: collect them with OpenTelemetry's <c>AddMeter("Sagas")</c> or
/// <c>dotnet-counters</c>.
/// </summary>
public static class SagaMetrics
{
    /// <summary>The name of the meter.</summary>
    public const string MeterName = "Sagas";

    /// <summary>The counter of compensations given up on, tagged <c>saga</c> and <c>step</c>.</summary>
    public const string CompensationsFailed = "sagas.compensations.failed";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> FailedCompensations =
        Meter.CreateCounter<long>(CompensationsFailed, unit: "{compensation}", description: "Compensations never confirmed after every attempt; their sagas ended in their failed state.");

    internal static void CompensationFailed(string saga, string step) =>
        FailedCompensations.Add(1, new KeyValuePair<string, object?>("saga", saga), new KeyValuePair<string, object?>("step", step));
}
