namespace Sagas.InMemory;

/// <summary>
/// The embedded default store: instances in process memory, lost when the process ends. Saves are
/// atomic and version-checked like the Redis store's, so code that works here works there.
/// </summary>
public sealed class InMemorySagaStore : ISagaStore
{
    private readonly Dictionary<SagaKey, Instance> _instances = [];
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public ValueTask<SagaSnapshot?> LoadAsync(SagaKey key, string messageId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_instances.TryGetValue(key, out var instance)
                ? Snapshot(instance, instance.Inbox.Contains(messageId))
                : null);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryCommitAsync(SagaCommit commit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _instances.TryGetValue(commit.Key, out var current);
            if ((current?.Version ?? 0) != commit.ExpectedVersion)
            {
                return ValueTask.FromResult(false);
            }

            var next = current ?? new Instance();
            next.State = commit.State;
            next.Data = commit.Data;
            next.Version = commit.ExpectedVersion + 1;
            next.IsFinal = commit.IsFinal;
            next.Inbox.Add(commit.MessageId);
            foreach (var envelope in commit.Outbox)
            {
                next.Outbox[envelope.MessageId] = envelope;
            }

            _instances[commit.Key] = next;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask RemoveFromOutboxAsync(SagaKey key, IReadOnlyList<string> messageIds, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_instances.TryGetValue(key, out var instance))
            {
                foreach (var id in messageIds)
                {
                    instance.Outbox.Remove(id);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    private static SagaSnapshot Snapshot(Instance instance, bool handled) =>
        new(instance.State, instance.Data, instance.Version, handled, instance.IsFinal, handled && instance.Outbox.Count > 0 ? [.. instance.Outbox.Values] : null);

    /// <summary>The number of outbox entries not yet relayed, across all instances.</summary>
    public int PendingOutboxCount
    {
        get
        {
            lock (_gate)
            {
                return _instances.Values.Sum(i => i.Outbox.Count);
            }
        }
    }

    private sealed class Instance
    {
        public string State { get; set; } = "";

        public string Data { get; set; } = "";

        public long Version { get; set; }

        public bool IsFinal { get; set; }

        public HashSet<string> Inbox { get; } = [];

        public Dictionary<string, Envelope> Outbox { get; } = [];
    }
}
