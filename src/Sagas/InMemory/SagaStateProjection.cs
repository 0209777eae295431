namespace Sagas.InMemory;

/// <summary>
/// The in-memory read model of saga states: per saga and state, its instances ordered by their
/// last change. Not thread-safe: <see cref="InMemorySagaStore"/> changes and reads it under its lock,
/// in the same critical section as the save, so it is never behind.
/// </summary>
internal sealed class SagaStateProjection
{
    private static readonly IComparer<(long Ticks, string Key)> ByChange = Comparer<(long Ticks, string Key)>.Create(
        static (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : string.CompareOrdinal(a.Key, b.Key));

    private readonly Dictionary<(string Saga, string State), SortedSet<(long Ticks, string Key)>> _states = [];

    /// <summary>Moves an instance from where it was (if anywhere) to its new state, changed at <paramref name="ticks"/>.</summary>
    public void Moved(SagaKey key, (string State, long Ticks)? from, string to, long ticks)
    {
        if (from is { } previous)
        {
            Removed(key, previous.State, previous.Ticks);
        }

        if (!_states.TryGetValue((key.SagaName, to), out var instances))
        {
            _states[(key.SagaName, to)] = instances = new SortedSet<(long, string)>(ByChange);
        }

        instances.Add((ticks, key.CorrelationKey));
    }

    /// <summary>Forgets an instance the store no longer keeps.</summary>
    public void Removed(SagaKey key, string state, long ticks)
    {
        if (_states.TryGetValue((key.SagaName, state), out var instances))
        {
            instances.Remove((ticks, key.CorrelationKey));
        }
    }

    /// <summary>Forgets every instance of a saga type, before a rebuild.</summary>
    public void Clear(string sagaName)
    {
        foreach (var state in _states.Keys.Where(k => k.Saga == sagaName).ToList())
        {
            _states.Remove(state);
        }
    }

    public IReadOnlyList<SagaStateCount> Count(string sagaName) =>
        [.. _states.Where(s => s.Key.Saga == sagaName && s.Value.Count > 0).Select(s => new SagaStateCount(s.Key.State, s.Value.Count)).OrderBy(c => c.State, StringComparer.Ordinal)];

    public IReadOnlyList<SagaStateEntry> List(string sagaName, string state, DateTimeOffset? changedBefore, int skip, int take)
    {
        if (!_states.TryGetValue((sagaName, state), out var instances))
        {
            return [];
        }

        var before = changedBefore?.UtcTicks ?? long.MaxValue;
        return [.. instances.TakeWhile(i => i.Ticks < before).Skip(skip).Take(take)
            .Select(i => new SagaStateEntry(i.Key, state, new DateTimeOffset(i.Ticks, TimeSpan.Zero)))];
    }
}
