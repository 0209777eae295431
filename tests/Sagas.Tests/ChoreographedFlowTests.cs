using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Tests;

/// <summary>A flow no saga keys: the bus starts it with a correlation id, and handlers carry it on.</summary>
public sealed class ChoreographedFlowTests
{
    [Fact]
    public async Task A_correlation_id_given_to_the_bus_travels_with_the_handlers_replies()
    {
        await using var harness = new EngineHarness();

        await harness.Bus.PublishAsync(new RefundPayment(Guid.NewGuid(), "pay-7"), "flow-42");
        Assert.True(harness.Transport.TryReceive(out var command));
        await harness.Engine.HandleAsync(command.Envelope, CancellationToken.None);

        Assert.Equal("flow-42", command.Envelope.CorrelationId);
        Assert.True(harness.Transport.TryReceive(out var reply));
        Assert.IsType<PaymentRefunded>(reply.Envelope.Message);
        Assert.Equal("flow-42", reply.Envelope.CorrelationId);
    }

    [Fact]
    public async Task The_flow_history_returns_the_flows_messages_in_order_and_no_others()
    {
        await using var harness = new EngineHarness();
        await harness.Bus.PublishAsync(new RefundPayment(Guid.NewGuid(), "pay-7"), "flow-7");
        await harness.Bus.PublishAsync(new RefundPayment(Guid.NewGuid(), "pay-8"), "flow-8");
        await harness.DrainAsync();

        var flow = await harness.Services.GetRequiredService<IFlowHistory>().GetFlowAsync("flow-7", CancellationToken.None);

        Assert.Equal(["RefundPayment", "PaymentRefunded"], flow.Select(e => e.MessageType));
        Assert.Empty(await harness.Services.GetRequiredService<IFlowHistory>().GetFlowAsync("flow-9", CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task An_empty_correlation_id_is_refused(string correlationId)
    {
        await using var harness = new EngineHarness();

        await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Bus.PublishAsync(new RefundPayment(Guid.NewGuid(), "pay-7"), correlationId));
    }
}
