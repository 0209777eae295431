namespace Sagas.Redis.Tests;

[Event("test.seat-requested")] public sealed record SeatRequested(Guid SeatId);
[Event("test.seat-held")] public sealed record SeatHeld(Guid SeatId);
[Event("test.seat-payment-failed")] public sealed record SeatPaymentFailed(Guid SeatId);
[Command("test.release-seat")] public sealed record ReleaseSeat(Guid SeatId);
[Event("test.seat-released")] public sealed record SeatReleased(Guid SeatId);

public sealed class SeatData
{
    [CorrelationId] public Guid SeatId { get; set; }
}

/// <summary>
/// A held seat released when the payment fails, the release awaiting its confirmation: exercises a
/// compensation's timeout in the Redis scheduler, which the confirmation must cancel.
/// </summary>
[Saga]
public sealed partial class SeatSaga : Saga<SeatSaga.State, SeatData>
{
    public enum State { Holding, Held, [Final] Released, [Final] Failed }

    [StartedBy, Then(State.Holding)]
    public void On(SeatRequested e) => Data.SeatId = e.SeatId;

    [When(State.Holding), Then(State.Held), CompensatedBy(nameof(Release), ConfirmedBy = typeof(SeatReleased))]
    public void On(SeatHeld e)
    {
    }

    [When(State.Held), Then(State.Released), Compensate(FailedState = State.Failed)]
    public void On(SeatPaymentFailed e)
    {
    }

    private void Release(MessageContext context) => context.Send(new ReleaseSeat(Data.SeatId));
}

/// <summary>The participant: releases a seat and says so.</summary>
public sealed class SeatDesk : IMessageHandler<ReleaseSeat>
{
    public ValueTask HandleAsync(ReleaseSeat message, MessageContext context, CancellationToken cancellationToken)
    {
        context.Publish(new SeatReleased(message.SeatId));
        return ValueTask.CompletedTask;
    }
}
