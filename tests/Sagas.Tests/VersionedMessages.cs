using Sagas;

namespace Sagas.Tests;

// A delivery whose events changed shape: DeliveryBooked once had 'street' and no parcel count
// (version 1); DeliveryDispatched went through two changes (versions 1, 2, 3).
// README Versioning: begin
[Event("deliveries.booked", Version = 2)] // version 1 had 'street' and no parcel count
public sealed record DeliveryBooked(string DeliveryId, string Address, int Parcels)
{
    [UpcastFrom(1)]
    public static DeliveryBooked FromV1(DeliveryBookedV1 old) => new(old.DeliveryId, old.Street, Parcels: 1);
}

// The version 1 shape, as it is in messages written before the change: a plain record, not an [Event].
public sealed record DeliveryBookedV1(string DeliveryId, string Street);
// README Versioning: end

[Event("deliveries.dispatched", Version = 3)]
public sealed record DeliveryDispatched(string DeliveryId, string Carrier, int WindowHours)
{
    [UpcastFrom(1)]
    public static DeliveryDispatchedV2 FromV1(DeliveryDispatchedV1 old) => new(old.DeliveryId, old.CarrierName.ToUpperInvariant());

    [UpcastFrom(2)]
    public static DeliveryDispatched FromV2(DeliveryDispatchedV2 old) => new(old.DeliveryId, old.Carrier, WindowHours: 4);
}

/// <summary>DeliveryDispatched as version 1 wrote it.</summary>
public sealed record DeliveryDispatchedV1(string DeliveryId, string CarrierName);

/// <summary>DeliveryDispatched as version 2 wrote it.</summary>
public sealed record DeliveryDispatchedV2(string DeliveryId, string Carrier);

/// <summary>Published by the saga when the delivery is dispatched; version 1 had no carrier.</summary>
[Event("deliveries.announced", Version = 2)]
public sealed record DeliveryAnnounced(string DeliveryId, string Carrier)
{
    [UpcastFrom(1)]
    public static DeliveryAnnounced FromV1(DeliveryAnnouncedV1 old) => new(old.DeliveryId, Carrier: "");
}

/// <summary>DeliveryAnnounced as version 1 wrote it.</summary>
public sealed record DeliveryAnnouncedV1(string DeliveryId);

public sealed class DeliveryData
{
    [CorrelationId] public string DeliveryId { get; set; } = "";

    public string Address { get; set; } = "";

    public int Parcels { get; set; }

    public string Carrier { get; set; } = "";

    public int WindowHours { get; set; }
}

[Saga]
public sealed partial class DeliverySaga : Saga<DeliverySaga.State, DeliveryData>
{
    public enum State { Booked, [Final] Dispatched }

    [StartedBy, Then(State.Booked)]
    public void On(DeliveryBooked e)
    {
        Data.DeliveryId = e.DeliveryId;
        Data.Address = e.Address;
        Data.Parcels = e.Parcels;
    }

    [When(State.Booked), Then(State.Dispatched)]
    public void On(DeliveryDispatched e, MessageContext context)
    {
        Data.Carrier = e.Carrier;
        Data.WindowHours = e.WindowHours;
        context.Publish(new DeliveryAnnounced(e.DeliveryId, e.Carrier));
    }
}
