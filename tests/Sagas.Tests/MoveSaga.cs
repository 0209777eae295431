using Sagas;

namespace Sagas.Tests;

// A house move: a deposit, a truck, movers, then the elevator. The truck and the movers are undone
// by commands whose replies the saga awaits; the deposit's return is sent without awaiting one.
[Event] public sealed record MoveRequested(string MoveId);
[Event] public sealed record DepositTaken(string MoveId);
[Event] public sealed record TruckBooked(string MoveId);
[Event] public sealed record MoversBooked(string MoveId);
[Event] public sealed record ElevatorBooked(string MoveId);
[Event] public sealed record ElevatorUnavailable(string MoveId);
[Event] public sealed record TruckReleased(string MoveId);
[Event] public sealed record MoversReleased(string MoveId);
[Command] public sealed record ReleaseTruck(string MoveId);
[Command] public sealed record ReleaseMovers(string MoveId);
[Command] public sealed record ReturnDeposit(string MoveId);

public sealed class MoveData
{
    [CorrelationId] public string MoveId { get; set; } = "";
}

[Saga]
[Ignore(typeof(ElevatorBooked), State.Cancelled)] // the elevator came free after all: too late
public sealed partial class MoveSaga : Saga<MoveSaga.State, MoveData>
{
    public enum State { Deposit, Truck, Movers, Elevator, [Final] Moved, [Final] Cancelled, [Final] Failed }

    [StartedBy, Then(State.Deposit)]
    public void On(MoveRequested e) => Data.MoveId = e.MoveId;

    [When(State.Deposit), Then(State.Truck), CompensatedBy(nameof(ReturnDeposit))]
    public void On(DepositTaken e)
    {
    }

    [When(State.Truck), Then(State.Movers), CompensatedBy(nameof(ReleaseTruck), ConfirmedBy = typeof(TruckReleased))]
    public void On(TruckBooked e)
    {
    }

    [When(State.Movers), Then(State.Elevator), CompensatedBy(nameof(ReleaseMovers), ConfirmedBy = typeof(MoversReleased))]
    public void On(MoversBooked e)
    {
    }

    [When(State.Elevator), Then(State.Moved)]
    public void On(ElevatorBooked e)
    {
    }

    [When(State.Elevator), Then(State.Cancelled), Compensate(FailedState = State.Failed)]
    public void On(ElevatorUnavailable e)
    {
    }

    private void ReturnDeposit(MessageContext context) => context.Send(new Tests.ReturnDeposit(Data.MoveId));

    private void ReleaseTruck(MessageContext context) => context.Send(new Tests.ReleaseTruck(Data.MoveId));

    private void ReleaseMovers(MessageContext context) => context.Send(new Tests.ReleaseMovers(Data.MoveId));
}

/// <summary>Records the compensating commands the move saga sends, in the order they arrive; replies nothing.</summary>
[Participant]
public sealed class MoveRecorder(Recorded recorded) : IMessageHandler<ReleaseTruck>, IMessageHandler<ReleaseMovers>, IMessageHandler<ReturnDeposit>
{
    public ValueTask HandleAsync(ReleaseTruck message, MessageContext context, CancellationToken cancellationToken) => Record(message);

    public ValueTask HandleAsync(ReleaseMovers message, MessageContext context, CancellationToken cancellationToken) => Record(message);

    public ValueTask HandleAsync(ReturnDeposit message, MessageContext context, CancellationToken cancellationToken) => Record(message);

    private ValueTask Record(object message)
    {
        recorded.Add(message);
        return ValueTask.CompletedTask;
    }
}
