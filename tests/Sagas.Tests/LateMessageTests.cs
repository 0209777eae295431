using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.Hosting;

namespace Sagas.Tests;

/// <summary>
/// Messages for finished instances: a handler of a [Final] state runs and the instance stays
/// finished; anything else is settled at once under SagasOptions.FinishedSaga, never retried.
/// </summary>
public sealed class LateMessageTests
{
    private const string ChargeId = "charge-1";
    private readonly ManualTime _time = new();
    private readonly LogRecorder _logs = new();

    [Fact]
    public async Task A_capture_after_the_timeout_is_refunded_and_the_saga_stays_finished()
    {
        await using var harness = Harness();
        await PublishAsync(harness, new ChargeRequested(ChargeId));
        _time.Advance(ChargeSaga.CaptureTimeout);
        await harness.DrainAsync();
        var abandoned = (await LoadAsync(harness))!;
        Assert.Equal(("Abandoned", true), (abandoned.State, abandoned.IsFinal));

        await PublishAsync(harness, new ChargeCaptured(ChargeId, "pay-1"));

        var saved = (await LoadAsync(harness))!;
        Assert.Equal(("Abandoned", true, abandoned.Version + 1), (saved.State, saved.IsFinal, saved.Version));
        Assert.Equal([new RefundCharge(ChargeId, "pay-1")], harness.Recorded.Items.OfType<RefundCharge>());
        var late = harness.Transitions[^1];
        Assert.Equal(("Abandoned", "Abandoned", "ChargeCaptured", true), (late.FromState, late.ToState, late.MessageType, late.IsFinal));
    }

    [Fact]
    public async Task A_capture_in_time_takes_the_live_handler_and_refunds_nothing()
    {
        await using var harness = Harness();
        await PublishAsync(harness, new ChargeRequested(ChargeId));
        await PublishAsync(harness, new ChargeCaptured(ChargeId, "pay-1"));

        Assert.Equal("Captured", (await LoadAsync(harness))!.State);
        Assert.Empty(harness.Recorded.Items.OfType<RefundCharge>());
    }

    [Fact]
    public async Task A_message_for_a_finished_instance_that_nothing_handles_is_acknowledged_with_a_warning()
    {
        await using var harness = Harness();
        await PublishAsync(harness, new ChargeRequested(ChargeId));
        await PublishAsync(harness, new ChargeCaptured(ChargeId, "pay-1"));
        var captured = (await LoadAsync(harness))!;

        // The saga's Unexpected policy is Fault, but that is for live instances.
        await PublishAsync(harness, new ChargeCaptured(ChargeId, "pay-2"));

        Assert.Equal(captured.Version, (await LoadAsync(harness))!.Version);
        var warning = Assert.Single(_logs.Warnings, w => w.Contains("has finished", StringComparison.Ordinal));
        Assert.Contains($"{ChargeSaga.SagaDefinition.Instance.Name}/{ChargeId}", warning, StringComparison.Ordinal);
        Assert.Contains("state Captured", warning, StringComparison.Ordinal);
        Assert.Contains("ChargeCaptured", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_FinishedSaga_DeadLetter_it_throws_an_exception_the_worker_dead_letters_at_once()
    {
        await using var harness = Harness(o => o.FinishedSaga = FinishedSagaPolicy.DeadLetter);
        await PublishAsync(harness, new ChargeRequested(ChargeId));
        await PublishAsync(harness, new ChargeCaptured(ChargeId, "pay-1"));

        var exception = await Assert.ThrowsAsync<SagaFinishedException>(() =>
            harness.Engine.HandleAsync(Envelope.Create(new ChargeCaptured(ChargeId, "pay-2"), "ChargeCaptured"), CancellationToken.None).AsTask());

        Assert.Equal(FailureKind.Permanent, MessageFailures.Classify(exception, []));
        Assert.Equal(("Captured", ChargeId), (exception.State, exception.CorrelationKey));
        Assert.Contains("[When(State.Captured), Then(State.Captured)]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_description_draws_the_handler_of_the_final_state_as_a_loop_on_it()
    {
        var description = ChargeSaga.SagaDefinition.Instance.Description;

        Assert.Contains(new SagaTransitionDescription("Abandoned", "ChargeCaptured", "Abandoned", null, false), description.Transitions);
        Assert.Contains("    Abandoned --> Abandoned : ChargeCaptured\n", description.Mermaid, StringComparison.Ordinal);
        Assert.Contains("    Abandoned --> [*]\n", description.Mermaid, StringComparison.Ordinal);
        Assert.Contains("\"Abandoned\" -> \"Abandoned\" [label=\"ChargeCaptured\"];", description.Dot, StringComparison.Ordinal);
    }

    private EngineHarness Harness(Action<SagasOptions>? configure = null) => new(configure, b =>
    {
        b.Services.AddSingleton<TimeProvider>(_time);
        b.Services.AddSingleton<ILoggerProvider>(_logs);
        b.AddChargeRefunds(); // generated from [Participant]
    });

    private static async Task PublishAsync(EngineHarness harness, object message)
    {
        await harness.Bus.PublishAsync(message);
        await harness.DrainAsync();
    }

    private static Task<SagaSnapshot?> LoadAsync(EngineHarness harness) =>
        harness.Store.LoadAsync(new SagaKey(ChargeSaga.SagaDefinition.Instance.Name, ChargeId), "-", CancellationToken.None).AsTask();
}
