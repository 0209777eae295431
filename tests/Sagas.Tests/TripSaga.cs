using Sagas;

namespace Sagas.Tests;

// Two compensable steps, keyed by a string, to prove compensations run newest first.
[Event] public sealed record TripRequested(string TripId);
[Event] public sealed record FlightBooked(string TripId, string Flight);
[Event] public sealed record HotelBooked(string TripId, string Hotel);
[Event] public sealed record CarUnavailable(string TripId);
[Command] public sealed record CancelFlight(string TripId, string Flight);
[Command] public sealed record CancelHotel(string TripId, string Hotel);

public sealed class TripData
{
    public string TripId { get; set; } = "";

    public string? Flight { get; set; }

    public string? Hotel { get; set; }
}

// Unexpected messages are dropped with a warning instead of faulting.
[Saga(Unexpected = UnexpectedMessagePolicy.Ignore)]
public sealed partial class TripSaga : Saga<TripSaga.State, TripData>
{
    public enum State { Booking, FlightDone, HotelDone, [Final] Cancelled }

    [StartedBy, Then(State.Booking)]
    public void On(TripRequested e) => Data.TripId = e.TripId;

    [When(State.Booking), Then(State.FlightDone), CompensatedBy(nameof(CancelFlight))]
    public void On(FlightBooked e) => Data.Flight = e.Flight;

    [When(State.FlightDone), Then(State.HotelDone), CompensatedBy(nameof(CancelHotel))]
    public void On(HotelBooked e) => Data.Hotel = e.Hotel;

    [When(State.HotelDone), Then(State.Cancelled), Compensate]
    public void On(CarUnavailable e)
    {
    }

    private Task CancelFlight(MessageContext context, CancellationToken cancellationToken)
    {
        context.Send(new Tests.CancelFlight(Data.TripId, Data.Flight!));
        return Task.CompletedTask;
    }

    private void CancelHotel(MessageContext context) => context.Send(new Tests.CancelHotel(Data.TripId, Data.Hotel!));
}

/// <summary>Records the cancellations the trip saga sends.</summary>
public sealed class BookingParticipant(Recorded recorded) : IMessageHandler<CancelFlight>, IMessageHandler<CancelHotel>
{
    public ValueTask HandleAsync(CancelFlight message, MessageContext context, CancellationToken cancellationToken)
    {
        recorded.Add(message);
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(CancelHotel message, MessageContext context, CancellationToken cancellationToken)
    {
        recorded.Add(message);
        return ValueTask.CompletedTask;
    }
}
