using Sagas;

namespace Sagas.Inspector.Tests;

// A parcel labelled by a printer that can jam (its command then dead-letters), delivered or lost.
[Event] public sealed record ParcelSent(string ParcelId);
[Command] public sealed record PrintLabel(string ParcelId);
[Event] public sealed record LabelPrinted(string ParcelId);
[Event] public sealed record ParcelDelivered(string ParcelId);
[Event] public sealed record ParcelLost(string ParcelId);

public sealed class ParcelData
{
    [CorrelationId] public string ParcelId { get; set; } = "";

    public string? Note { get; set; }
}

[Saga]
public sealed partial class ParcelSaga : Saga<ParcelSaga.State, ParcelData>
{
    public static readonly TimeSpan LossAfter = TimeSpan.FromDays(7);

    public enum State { AwaitingLabel, InTransit, [Final] Delivered, [Final] Lost }

    [StartedBy, Then(State.AwaitingLabel)]
    public void On(ParcelSent e, MessageContext context)
    {
        Data.ParcelId = e.ParcelId;
        Data.Note = "secret-free note";
        context.Send(new PrintLabel(e.ParcelId));
    }

    [When(State.AwaitingLabel), Then(State.InTransit)]
    public void On(LabelPrinted e, MessageContext context) => context.Schedule(new ParcelLost(e.ParcelId), LossAfter);

    [When(State.InTransit), Then(State.Delivered)]
    public void On(ParcelDelivered e, MessageContext context) => context.CancelScheduled<ParcelLost>();

    [When(State.InTransit), Then(State.Lost)]
    public void On(ParcelLost e)
    {
    }
}

/// <summary>The label printer: jammed, it throws, and the worker dead-letters its command.</summary>
public sealed class Printer
{
    public volatile bool Jammed;
}

[Participant]
public sealed class LabelPrinter(Printer printer) : IMessageHandler<PrintLabel>
{
    public ValueTask HandleAsync(PrintLabel message, MessageContext context, CancellationToken cancellationToken)
    {
        if (printer.Jammed)
        {
            throw new InvalidOperationException($"The printer is jammed; no label for {message.ParcelId}.");
        }

        context.Publish(new LabelPrinted(message.ParcelId));
        return ValueTask.CompletedTask;
    }
}
