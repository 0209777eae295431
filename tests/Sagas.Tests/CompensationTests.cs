using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sagas.InMemory;

namespace Sagas.Tests;

/// <summary>
/// Compensations run one at a time, newest first; one that awaits its confirmation is sent again
/// after each timeout, and the saga ends Failed when it never comes. Progress is saved after
/// every step, so redeliveries send nothing twice.
/// </summary>
public sealed class CompensationTests
{
    private const string MoveId = "move-1";
    private readonly ManualTime _time = new();

    [Fact]
    public async Task Compensations_run_newest_first_each_awaiting_its_confirmation()
    {
        await using var harness = Harness();
        await FailAfterEveryStepAsync(harness);

        Assert.Equal([typeof(ReleaseMovers)], Compensations(harness)); // not the truck yet: the movers first
        Assert.Equal(SagaCompensation.CompensatingState, (await LoadAsync(harness))!.State);

        await PublishAsync(harness, new MoversReleased(MoveId));
        Assert.Equal([typeof(ReleaseMovers), typeof(ReleaseTruck)], Compensations(harness));
        Assert.Equal(SagaCompensation.CompensatingState, (await LoadAsync(harness))!.State);

        await PublishAsync(harness, new TruckReleased(MoveId));
        Assert.Equal([typeof(ReleaseMovers), typeof(ReleaseTruck), typeof(ReturnDeposit)], Compensations(harness));
        var saved = (await LoadAsync(harness))!;
        Assert.Equal("Cancelled", saved.State);
        Assert.True(saved.IsFinal);
        Assert.Equal(["MoversBooked", "TruckBooked", "DepositTaken"], Log(saved).Undone);
        Assert.Empty(Log(saved).Steps);
    }

    [Fact]
    public async Task A_compensation_confirmed_in_time_cancels_its_timeout_and_keeps_the_next_ones()
    {
        await using var harness = Harness();
        var scheduler = (InMemoryScheduler)harness.Services.GetRequiredService<IMessageScheduler>();
        await FailAfterEveryStepAsync(harness);
        Assert.Equal(1, scheduler.PendingCount); // the movers' attempt

        await PublishAsync(harness, new MoversReleased(MoveId));
        Assert.Equal(1, scheduler.PendingCount); // the truck's attempt, scheduled in the step that cancelled the movers'

        await PublishAsync(harness, new TruckReleased(MoveId));
        Assert.Equal(0, scheduler.PendingCount);
        Assert.Equal("Cancelled", (await LoadAsync(harness))!.State);
    }

    [Fact]
    public async Task The_history_shows_the_compensation_step_by_step()
    {
        await using var harness = Harness();
        await FailAfterEveryStepAsync(harness);
        await PublishAsync(harness, new MoversReleased(MoveId));
        await PublishAsync(harness, new TruckReleased(MoveId));

        var compensating = harness.Transitions.SkipWhile(t => t.MessageType != "ElevatorUnavailable")
            .Select(t => $"{t.FromState} -> {t.ToState} on {t.MessageType}");
        Assert.Equal(
            ["Elevator -> Compensating on ElevatorUnavailable", "Compensating -> Compensating on MoversReleased", "Compensating -> Cancelled on TruckReleased"],
            compensating);
    }

    [Fact]
    public async Task A_compensation_without_its_confirmation_is_sent_again_after_the_timeout()
    {
        await using var harness = Harness();
        await FailAfterEveryStepAsync(harness);

        _time.Advance(TimeSpan.FromSeconds(29));
        await harness.DrainAsync();
        Assert.Equal([typeof(ReleaseMovers)], Compensations(harness));

        _time.Advance(TimeSpan.FromSeconds(1));
        await harness.DrainAsync();
        Assert.Equal([typeof(ReleaseMovers), typeof(ReleaseMovers)], Compensations(harness));

        await PublishAsync(harness, new MoversReleased(MoveId));
        Assert.Equal([typeof(ReleaseMovers), typeof(ReleaseMovers), typeof(ReleaseTruck)], Compensations(harness));
    }

    [Fact]
    public async Task A_compensation_never_confirmed_ends_the_saga_failed_and_counts_in_the_metric()
    {
        using var failures = new FailedCompensationListener();
        await using var harness = Harness();
        await FailAfterEveryStepAsync(harness);
        await PublishAsync(harness, new MoversReleased(MoveId));

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await harness.DrainAsync();
        }

        var saved = (await LoadAsync(harness))!;
        Assert.Equal("Failed", saved.State);
        Assert.True(saved.IsFinal);
        Assert.Equal([typeof(ReleaseMovers), typeof(ReleaseTruck), typeof(ReleaseTruck), typeof(ReleaseTruck)], Compensations(harness)); // the deposit is never returned
        Assert.Equal(["DepositTaken", "TruckBooked"], Log(saved).Steps); // what is left to undo by hand
        Assert.Equal(["MoversBooked"], Log(saved).Undone);
        Assert.Equal([(MoveSaga.SagaDefinition.Instance.Name, "TruckBooked")], failures.Failed);
        Assert.Equal("Compensating -> Failed on Sagas.CompensationTimedOut", harness.Transitions.Select(t => $"{t.FromState} -> {t.ToState} on {t.MessageType}").Last());
    }

    [Fact]
    public async Task A_timeout_of_a_confirmed_attempt_and_a_second_confirmation_change_nothing()
    {
        await using var harness = Harness();
        await FailAfterEveryStepAsync(harness);
        await PublishAsync(harness, new MoversReleased(MoveId));
        var before = (await LoadAsync(harness))!.Version;

        await PublishAsync(harness, new MoversReleased(MoveId)); // a reply to an earlier attempt
        _time.Advance(TimeSpan.FromSeconds(29)); // the movers' timeout is due (the truck's is not)
        await harness.DrainAsync();

        Assert.Equal(before, (await LoadAsync(harness))!.Version);
        Assert.Equal([typeof(ReleaseMovers), typeof(ReleaseTruck)], Compensations(harness));
    }

    [Fact]
    public async Task A_second_confirmation_after_the_compensation_ended_is_dropped_not_faulted()
    {
        await using var harness = Harness();
        await FailAfterEveryStepAsync(harness);
        await PublishAsync(harness, new MoversReleased(MoveId));
        await PublishAsync(harness, new TruckReleased(MoveId));
        var finished = (await LoadAsync(harness))!;

        await PublishAsync(harness, new TruckReleased(MoveId)); // the saga's policy is Fault: an unexpected message would throw here

        Assert.Equal(finished.Version, (await LoadAsync(harness))!.Version);
    }

    [Fact]
    public async Task A_message_ignored_in_the_compensations_target_state_is_ignored_while_compensating()
    {
        await using var harness = Harness();
        await FailAfterEveryStepAsync(harness);
        var compensating = (await LoadAsync(harness))!;

        await PublishAsync(harness, new ElevatorBooked(MoveId)); // the saga's policy is Fault: an unexpected message would throw here

        Assert.Equal(compensating.Version, (await LoadAsync(harness))!.Version);
        Assert.Equal(SagaCompensation.CompensatingState, (await LoadAsync(harness))!.State);
    }

    [Fact]
    public async Task The_failure_delivered_again_sends_no_compensation_twice()
    {
        await using var harness = Harness();
        await StepsAsync(harness);
        var failure = Envelope.Create(new ElevatorUnavailable(MoveId), "ElevatorUnavailable") with { SentAt = _time.GetUtcNow() };

        await harness.Engine.HandleAsync(failure, CancellationToken.None);
        await harness.Engine.HandleAsync(failure, CancellationToken.None); // a redelivery: the inbox has it
        await harness.DrainAsync();

        Assert.Equal([typeof(ReleaseMovers)], Compensations(harness));
    }

    [Fact]
    public async Task A_saga_whose_compensations_await_nothing_ends_in_one_step()
    {
        await using var harness = new EngineHarness();
        await harness.Bus.PublishAsync(new TripRequested("trip-2"));
        await harness.Bus.PublishAsync(new FlightBooked("trip-2", "LH 123"));
        await harness.Bus.PublishAsync(new HotelBooked("trip-2", "Ritz"));
        await harness.Bus.PublishAsync(new CarUnavailable("trip-2"));
        await harness.DrainAsync();

        Assert.Equal("HotelDone -> Cancelled", harness.Transitions.Select(t => $"{t.FromState} -> {t.ToState}").Last());
        Assert.Equal([typeof(CancelHotel), typeof(CancelFlight)], harness.Recorded.Items.Where(i => i is CancelHotel or CancelFlight).Select(i => i.GetType()));
    }

    [Theory]
    [InlineData(0, 30, "Sagas:CompensationAttempts is 0; set it to 1 or more")]
    [InlineData(3, 0, "Sagas:CompensationTimeout is 00:00:00; set it to a positive time")]
    public async Task Compensation_settings_out_of_range_stop_the_engine_with_the_setting_to_fix(int attempts, int timeoutSeconds, string expected)
    {
        await using var harness = new EngineHarness(o => (o.CompensationAttempts, o.CompensationTimeout) = (attempts, TimeSpan.FromSeconds(timeoutSeconds)));

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => harness.Engine);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private EngineHarness Harness() => new(build: b =>
    {
        b.Services.AddSingleton<TimeProvider>(_time);
        b.AddMoveRecorder(); // generated from [Participant]
    });

    private static async Task StepsAsync(EngineHarness harness)
    {
        foreach (var message in new object[] { new MoveRequested(MoveId), new DepositTaken(MoveId), new TruckBooked(MoveId), new MoversBooked(MoveId) })
        {
            await PublishAsync(harness, message);
        }
    }

    private static async Task FailAfterEveryStepAsync(EngineHarness harness)
    {
        await StepsAsync(harness);
        await PublishAsync(harness, new ElevatorUnavailable(MoveId));
    }

    private static async Task PublishAsync(EngineHarness harness, object message)
    {
        await harness.Bus.PublishAsync(message);
        await harness.DrainAsync();
    }

    private static Type[] Compensations(EngineHarness harness) =>
        [.. harness.Recorded.Items.Where(i => i is ReleaseTruck or ReleaseMovers or ReturnDeposit).Select(i => i.GetType())];

    private static Task<SagaSnapshot?> LoadAsync(EngineHarness harness) =>
        harness.Store.LoadAsync(new SagaKey(MoveSaga.SagaDefinition.Instance.Name, MoveId), "-", CancellationToken.None).AsTask();

    private static (string[] Steps, string[] Undone) Log(SagaSnapshot saved)
    {
        using var document = JsonDocument.Parse(saved.Data.Json);
        string[] Names(string property) => [.. document.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
        return (Names("steps"), Names("undone"));
    }

    /// <summary>Listens to the failed-compensations counter of the Sagas meter.</summary>
    private sealed class FailedCompensationListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Saga, string Step)> _failed = [];

        public FailedCompensationListener()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SagaMetrics.MeterName && instrument.Name == SagaMetrics.CompensationsFailed)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                var saga = tags.ToArray().Single(t => t.Key == "saga").Value as string;
                var step = tags.ToArray().Single(t => t.Key == "step").Value as string;
                lock (_failed)
                {
                    _failed.Add((saga!, step!));
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<(string Saga, string Step)> Failed
        {
            get
            {
                lock (_failed)
                {
                    return [.. _failed.Where(f => f.Saga == MoveSaga.SagaDefinition.Instance.Name)];
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
