using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Tests;

/// <summary>A process that runs only participants: <see cref="SagasBuilder.WithoutSagas"/>.</summary>
public sealed class WithoutSagasTests
{
    [Fact]
    public async Task A_participant_only_process_subscribes_to_its_handlers_messages_and_runs_no_saga()
    {
        await using var harness = new EngineHarness(build: b => b.WithoutSagas());

        Assert.Equal(["CancelFlight", "CancelHotel", "CapturePayment", "RefundPayment"], harness.Services.GetRequiredService<MessageSubscriptions>().WireNames);
        await harness.Engine.HandleAsync(Envelope.Create(new OrderPlaced(Guid.NewGuid(), 5m), "OrderPlaced"), CancellationToken.None);
        Assert.Empty(harness.Transitions);
    }

    [Fact]
    public async Task With_its_sagas_a_process_also_subscribes_to_what_they_handle()
    {
        await using var harness = new EngineHarness();

        Assert.Contains("OrderPlaced", harness.Services.GetRequiredService<MessageSubscriptions>().WireNames);
    }
}
