using Sagas;

namespace Sagas.Tests;

// A hotel booking as a workflow of three steps: hold a room, charge the card (30 s to answer), confirm.
[Event] public sealed record BookingRequested(Guid BookingId, string Guest);
[Event] public sealed record RoomHeld(Guid BookingId, string Room);
[Event] public sealed record NoRoomLeft(Guid BookingId);
[Event] public sealed record CardCharged(Guid BookingId);
[Event] public sealed record CardDeclined(Guid BookingId);
[Event] public sealed record ConfirmationSent(Guid BookingId);
[Event] public sealed record RoomReleased(Guid BookingId);
[Command] public sealed record HoldRoom(Guid BookingId, string Guest);
[Command] public sealed record ChargeCard(Guid BookingId, string Room, string Guest);
[Command] public sealed record SendConfirmation(Guid BookingId, string Guest);
[Command] public sealed record ReleaseRoom(Guid BookingId, string Room, string Guest);
[Command] public sealed record RefundCard(Guid BookingId);

public sealed class BookingData
{
    [CorrelationId] public Guid BookingId { get; set; }

    public string Guest { get; set; } = "";

    public string? Room { get; set; }
}

[Workflow]
public sealed partial class BookingWorkflow : Workflow<BookingData>
{
    [StartedBy]
    public void Start(BookingRequested e) => Data.Guest = e.Guest;

    [Step(1, Success = typeof(RoomHeld), Failure = typeof(NoRoomLeft))]
    [CompensatedBy(nameof(Release), ConfirmedBy = typeof(RoomReleased))]
    public HoldRoom Hold() => new(Data.BookingId, Data.Guest);

    [Step(2, Success = typeof(CardCharged), Failure = typeof(CardDeclined), TimeoutSeconds = 30)]
    [CompensatedBy(nameof(Refund))]
    public ChargeCard Charge() => new(Data.BookingId, Data.Room!, Data.Guest);

    [Step(3, Success = typeof(ConfirmationSent))]
    public SendConfirmation Confirm() => new(Data.BookingId, Data.Guest);

    // Called when the room is held: keeps what the reply brings.
    private void Held(RoomHeld e) => Data.Room = e.Room;

    private void Release(MessageContext context) => context.Send(new ReleaseRoom(Data.BookingId, Data.Room!, Data.Guest));

    private void Refund(MessageContext context) => context.Send(new RefundCard(Data.BookingId));
}

/// <summary>The hotel's desk: answers by the guest's name, so a test picks the path; records every command.</summary>
[Participant]
public sealed class HotelDesk(Recorded recorded) :
    IMessageHandler<HoldRoom>, IMessageHandler<ChargeCard>, IMessageHandler<SendConfirmation>, IMessageHandler<ReleaseRoom>, IMessageHandler<RefundCard>
{
    public const string NoRoomGuest = "no-room";
    public const string DeclinedGuest = "declined";
    public const string SilentBankGuest = "silent-bank";
    public const string StuckRoomGuest = "declined-and-stuck";

    public ValueTask HandleAsync(HoldRoom message, MessageContext context, CancellationToken cancellationToken) =>
        Reply(message, message.Guest == NoRoomGuest ? new NoRoomLeft(message.BookingId) : new RoomHeld(message.BookingId, "101"), context);

    public ValueTask HandleAsync(ChargeCard message, MessageContext context, CancellationToken cancellationToken) => message.Guest switch
    {
        DeclinedGuest or StuckRoomGuest => Reply(message, new CardDeclined(message.BookingId), context),
        SilentBankGuest => Reply(message, null, context),
        _ => Reply(message, new CardCharged(message.BookingId), context),
    };

    public ValueTask HandleAsync(SendConfirmation message, MessageContext context, CancellationToken cancellationToken) => Reply(message, new ConfirmationSent(message.BookingId), context);

    public ValueTask HandleAsync(ReleaseRoom message, MessageContext context, CancellationToken cancellationToken) =>
        Reply(message, message.Guest == StuckRoomGuest ? null : new RoomReleased(message.BookingId), context);

    public ValueTask HandleAsync(RefundCard message, MessageContext context, CancellationToken cancellationToken) => Reply(message, null, context);

    private ValueTask Reply(object command, object? reply, MessageContext context)
    {
        recorded.Add(command);
        if (reply is not null)
        {
            context.Publish(reply);
        }

        return ValueTask.CompletedTask;
    }
}
