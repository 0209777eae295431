namespace Sagas.Redis.Tests;

[Event("test.tally-opened")] public sealed record TallyOpened(Guid TallyId);
[Event("test.tally-incremented")] public sealed record TallyIncremented(Guid TallyId);
[Event("test.tally-closed")] public sealed record TallyClosed(Guid TallyId);

public sealed class TallyData
{
    public Guid TallyId { get; set; }

    public int Count { get; set; }
}

/// <summary>Counts the events it handles: a lost update shows as a count below the number of events.</summary>
[Saga]
public sealed partial class TallySaga : Saga<TallySaga.State, TallyData>
{
    public enum State { Open, [Final] Closed }

    [StartedBy, Then(State.Open)]
    public void On(TallyOpened e) => Data.TallyId = e.TallyId;

    [When(State.Open), Then(State.Open)]
    public void On(TallyIncremented e) => Data.Count++;

    [When(State.Open), Then(State.Closed)]
    public void On(TallyClosed e)
    {
    }
}
