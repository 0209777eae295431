using System.Collections.Concurrent;

namespace Sagas;

/// <summary>
/// The live instances this process saved last, as it saved them, so that the next message to one
/// of them is handled without loading it first. Safe because the save script checks the version
/// and the inbox anyway: a copy gone stale (another worker saved the instance since, or the message
/// was handled before) costs one refused save and a real load. Bounded by
/// <see cref="RedisSagasOptions.InstanceCacheSize"/>: past it, the copies are dropped and gathered anew.
/// </summary>
internal sealed class RecentInstances(int capacity)
{
    private readonly ConcurrentDictionary<SagaKey, Saved> _saved = new();
    private int _writes;

    /// <summary>
    /// The instance as this process last saved it, unless <paramref name="messageId"/> is the message
    /// that save handled (a redelivery, which a real load answers with its leftover outbox).
    /// </summary>
    public bool TryGet(SagaKey key, string messageId, out SagaSnapshot snapshot)
    {
        if (_saved.TryGetValue(key, out var saved) && !string.Equals(saved.MessageId, messageId, StringComparison.Ordinal))
        {
            snapshot = saved.Snapshot;
            return true;
        }

        snapshot = null!;
        return false;
    }

    /// <summary>Remembers a live instance just saved; forgets a finished one.</summary>
    public void Remember(SagaCommit commit)
    {
        if (capacity == 0)
        {
            return;
        }

        if (commit.IsFinal)
        {
            _saved.TryRemove(commit.Key, out _);
            return;
        }

        // Counting now and then: ConcurrentDictionary.Count takes every lock.
        if (++_writes % 1024 == 0 && _saved.Count >= capacity)
        {
            _saved.Clear();
        }

        var snapshot = new SagaSnapshot(commit.State, commit.Data, commit.ExpectedVersion + 1, AlreadyHandled: false);
        _saved[commit.Key] = new Saved(snapshot, commit.MessageId);
    }

    /// <summary>Forgets an instance whose copy proved stale.</summary>
    public void Forget(SagaKey key) => _saved.TryRemove(key, out _);

    private sealed record Saved(SagaSnapshot Snapshot, string MessageId);
}
