using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sagas.Tests;

/// <summary>No other test runs beside these: a meter listener hears the whole process.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}

/// <summary>The metrics on the Sagas meter, heard as a MeterListener (and so OpenTelemetry) hears them.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measured = new();

    public MetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SagaMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public async Task A_saga_that_starts_and_finishes_counts_its_transitions_and_its_start_and_end()
    {
        await using var harness = new EngineHarness(build: b => b.AddChargeRefunds());
        var chargeId = $"metrics-{Guid.NewGuid():N}";

        await harness.Bus.PublishAsync(new ChargeRequested(chargeId));
        await harness.Bus.PublishAsync(new ChargeCaptured(chargeId, "pay-1"));
        await harness.DrainAsync();

        var saga = ChargeSaga.SagaDefinition.Instance.Name;
        Assert.Equal(
            [("(new)", "AwaitingCapture"), ("AwaitingCapture", "Captured")],
            Of(SagaMetrics.Transitions).Where(m => Equals(m.Tags["saga"], saga)).Select(m => ((string)m.Tags["from"]!, (string)m.Tags["to"]!)));
        Assert.Single(Of(SagaMetrics.Started), m => Equals(m.Tags["saga"], saga));
        var finished = Assert.Single(Of(SagaMetrics.Finished), m => Equals(m.Tags["saga"], saga));
        Assert.Equal("Captured", finished.Tags["state"]);
        Assert.All(_measured, m => Assert.DoesNotContain(m.Tags.Values, v => v is string s && s.Contains(chargeId, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_worker_counts_each_message_by_outcome_with_its_duration_and_its_retries_and_dead_letter()
    {
        using var host = await PaymentWorker.StartAsync(failures: int.MaxValue);
        await PaymentWorker.UntilAsync(() => Of(SagaMetrics.DeadLetters).Any());

        await host.StopAsync();
        var type = "CapturePayment";
        Assert.Equal(["retried", "dead_lettered"], Of(SagaMetrics.MessagesHandled).Where(m => Equals(m.Tags["messaging.message.type"], type)).Select(m => (string)m.Tags["outcome"]!));
        Assert.Equal(2, Of(SagaMetrics.HandlingDuration).Count(m => Equals(m.Tags["messaging.message.type"], type) && m.Value >= 0));
        Assert.Equal("transient", Assert.Single(Of(SagaMetrics.Retries)).Tags["kind"]);
        Assert.Equal("retries_exhausted", Assert.Single(Of(SagaMetrics.DeadLetters)).Tags["reason"]);
    }

    [Fact]
    public async Task A_handled_message_is_counted_handled()
    {
        using var host = await PaymentWorker.StartAsync(failures: 0);
        await PaymentWorker.UntilAsync(() => Of(SagaMetrics.MessagesHandled).Any());

        await host.StopAsync();
        Assert.Equal("handled", Assert.Single(Of(SagaMetrics.MessagesHandled)).Tags["outcome"]);
        Assert.Empty(Of(SagaMetrics.Retries));
    }

    [Fact]
    public async Task A_compensation_counts_each_step_it_starts_undoing_and_each_it_completes()
    {
        await using var harness = new EngineHarness(build: b => b.AddMoveRecorder());
        var move = $"metrics-{Guid.NewGuid():N}";
        foreach (var message in new object[] { new MoveRequested(move), new DepositTaken(move), new TruckBooked(move), new MoversBooked(move), new ElevatorUnavailable(move) })
        {
            await harness.Bus.PublishAsync(message);
        }

        await harness.DrainAsync();
        await harness.Bus.PublishAsync(new MoversReleased(move));
        await harness.DrainAsync();

        var saga = MoveSaga.SagaDefinition.Instance.Name;
        Assert.Equal(["MoversBooked", "TruckBooked"], Of(SagaMetrics.CompensationsStarted).Where(m => Equals(m.Tags["saga"], saga)).Select(m => (string)m.Tags["step"]!));
        Assert.Equal(["MoversBooked"], Of(SagaMetrics.CompensationsCompleted).Where(m => Equals(m.Tags["saga"], saga)).Select(m => (string)m.Tags["step"]!));

        await harness.Bus.PublishAsync(new TruckReleased(move)); // the deposit's return awaits no confirmation: done at once
        await harness.DrainAsync();
        Assert.Equal(["MoversBooked", "TruckBooked", "DepositTaken"], Of(SagaMetrics.CompensationsCompleted).Where(m => Equals(m.Tags["saga"], saga)).Select(m => (string)m.Tags["step"]!));
        Assert.Empty(Of(SagaMetrics.CompensationsFailed));
    }

    public void Dispose() => _listener.Dispose();

    private IEnumerable<(string Instrument, double Value, Dictionary<string, object?> Tags)> Of(string instrument) =>
        _measured.Where(m => m.Instrument == instrument);

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measured.Enqueue((instrument.Name, value, copy));
    }
}
