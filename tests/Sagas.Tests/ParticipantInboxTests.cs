namespace Sagas.Tests;

/// <summary>A participant's handling is saved with an inbox and an outbox, like a saga step.</summary>
public sealed class ParticipantInboxTests
{
    [Fact]
    public async Task A_command_delivered_twice_runs_its_handler_once_and_sends_the_reply_once()
    {
        await using var harness = new EngineHarness();
        var refund = Envelope.Create(new RefundPayment(Guid.NewGuid(), "pay-1"), "RefundPayment");

        await harness.Engine.HandleAsync(refund, CancellationToken.None);
        await harness.Engine.HandleAsync(refund, CancellationToken.None);

        Assert.Single(harness.Recorded.Items.OfType<RefundPayment>());
        Assert.True(harness.Transport.TryReceive(out var reply));
        Assert.IsType<PaymentRefunded>(reply.Envelope.Message);
        Assert.Equal(refund.MessageId, reply.Envelope.CausationId);
        Assert.False(harness.Transport.TryReceive(out _)); // no second reply
    }

    [Fact]
    public async Task Two_copies_of_a_command_with_different_ids_are_two_commands()
    {
        await using var harness = new EngineHarness();
        var orderId = Guid.NewGuid();

        await harness.Engine.HandleAsync(Envelope.Create(new RefundPayment(orderId, "pay-1"), "RefundPayment"), CancellationToken.None);
        await harness.Engine.HandleAsync(Envelope.Create(new RefundPayment(orderId, "pay-1"), "RefundPayment"), CancellationToken.None);

        Assert.Equal(2, harness.Recorded.Items.OfType<RefundPayment>().Count());
    }
}
