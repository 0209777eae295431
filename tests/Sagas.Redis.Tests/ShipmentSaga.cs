using System.Collections.Concurrent;

namespace Sagas.Redis.Tests;

[Event("test.shipment-requested")] public sealed record ShipmentRequested(Guid ShipmentId, int OverdueAfterMs, bool ParcelGetsLost = false);
[Command("test.dispatch-parcel")] public sealed record DispatchParcel(Guid ShipmentId, bool ParcelGetsLost);
[Event("test.parcel-dispatched")] public sealed record ParcelDispatched(Guid ShipmentId);
[Event("test.shipment-overdue")] public sealed record ShipmentOverdue(Guid ShipmentId);

public sealed class ShipmentData
{
    [CorrelationId] public Guid ShipmentId { get; set; }
}

/// <summary>
/// Sends a command to a participant and schedules a timeout; the participant's reply cancels it.
/// Exercises the Streams transport, the outbox relay and the Redis scheduler end to end.
/// </summary>
[Saga]
[Ignore(typeof(ShipmentOverdue), State.Dispatched)] // a timeout that lost the race with the reply
public sealed partial class ShipmentSaga : Saga<ShipmentSaga.State, ShipmentData>
{
    public enum State { Dispatching, [Final] Dispatched, [Final] Overdue }

    [StartedBy, Then(State.Dispatching)]
    public void On(ShipmentRequested e, MessageContext context)
    {
        Data.ShipmentId = e.ShipmentId;
        context.Send(new DispatchParcel(e.ShipmentId, e.ParcelGetsLost));
        context.Schedule(new ShipmentOverdue(e.ShipmentId), TimeSpan.FromMilliseconds(e.OverdueAfterMs));
    }

    [When(State.Dispatching), Then(State.Dispatched)]
    public void On(ParcelDispatched e, MessageContext context) => context.CancelScheduled<ShipmentOverdue>();

    [When(State.Dispatching), Then(State.Overdue)]
    public void On(ShipmentOverdue e)
    {
    }
}

/// <summary>The participant: dispatches a parcel and says so, unless the parcel gets lost. Counts its calls.</summary>
public sealed class ParcelService : IMessageHandler<DispatchParcel>
{
    /// <summary>How many times each shipment's parcel was dispatched, across every test.</summary>
    public static ConcurrentDictionary<Guid, int> Dispatches { get; } = new();

    public ValueTask HandleAsync(DispatchParcel message, MessageContext context, CancellationToken cancellationToken)
    {
        Dispatches.AddOrUpdate(message.ShipmentId, 1, (_, n) => n + 1);
        if (!message.ParcelGetsLost)
        {
            context.Publish(new ParcelDispatched(message.ShipmentId));
        }

        return ValueTask.CompletedTask;
    }
}
