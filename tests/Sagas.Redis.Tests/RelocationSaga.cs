namespace Sagas.Redis.Tests;

/// <summary>
/// Version 3 of a relocation request: version 1 named the destination 'city', version 2 called it
/// 'destination', version 3 added the number of crates.
/// </summary>
[Event("test.relocation-requested", Version = 3)]
public sealed record RelocationRequested(Guid RelocationId, string Destination, int Crates)
{
    [UpcastFrom(1)]
    public static RelocationRequestedV2 FromV1(RelocationRequestedV1 old) => new(old.RelocationId, old.City);

    [UpcastFrom(2)]
    public static RelocationRequested FromV2(RelocationRequestedV2 old) => new(old.RelocationId, old.Destination, Crates: 1);
}

/// <summary>RelocationRequested as version 1 wrote it.</summary>
public sealed record RelocationRequestedV1(Guid RelocationId, string City);

/// <summary>RelocationRequested as version 2 wrote it.</summary>
public sealed record RelocationRequestedV2(Guid RelocationId, string Destination);

public sealed class RelocationData
{
    public Guid RelocationId { get; set; }

    public string Destination { get; set; } = "";

    public int Crates { get; set; }
}

/// <summary>Plans a relocation from its request, whatever version of the request arrives.</summary>
[Saga]
public sealed partial class RelocationSaga : Saga<RelocationSaga.State, RelocationData>
{
    public enum State { [Final] Planned }

    [StartedBy, Then(State.Planned)]
    public void On(RelocationRequested e)
    {
        Data.RelocationId = e.RelocationId;
        Data.Destination = e.Destination;
        Data.Crates = e.Crates;
    }
}
