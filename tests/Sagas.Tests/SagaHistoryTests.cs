using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Tests;

/// <summary>The in-memory store keeps each instance's history, as the Redis store does.</summary>
public sealed class SagaHistoryTests
{
    [Fact]
    public async Task Each_saved_step_is_in_the_history_in_order_with_its_message_and_states()
    {
        var time = new ManualTime();
        await using var harness = new EngineHarness(build: b =>
        {
            b.Services.AddSingleton<TimeProvider>(time);
            b.AddChargeRefunds();
        });
        var history = harness.Services.GetRequiredService<ISagaHistory>();
        await harness.Bus.PublishAsync(new ChargeRequested("h-1"));
        await harness.DrainAsync();
        var requested = time.GetUtcNow();
        time.Advance(ChargeSaga.CaptureTimeout); // times out: Abandoned
        await harness.DrainAsync();
        await harness.Bus.PublishAsync(new ChargeCaptured("h-1", "pay-1")); // late: refunded, still Abandoned
        await harness.DrainAsync();

        var steps = await history.GetHistoryAsync(new SagaKey(ChargeSaga.SagaDefinition.Instance.Name, "h-1"), default);

        Assert.Equal(
            [("ChargeRequested", (string?)null, "AwaitingCapture"), ("ChargeTimedOut", "AwaitingCapture", "Abandoned"), ("ChargeCaptured", "Abandoned", "Abandoned")],
            steps.Select(s => (s.MessageType, s.FromState, s.ToState)));
        Assert.Equal([requested, requested + ChargeSaga.CaptureTimeout], steps.Take(2).Select(s => s.At));
        Assert.Equal(3, steps.Select(s => s.MessageId).Distinct().Count());
        Assert.Empty(await history.GetHistoryAsync(new SagaKey(ChargeSaga.SagaDefinition.Instance.Name, "no-such-charge"), default));
    }
}
