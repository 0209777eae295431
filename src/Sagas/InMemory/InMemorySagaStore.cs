using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sagas.InMemory;

/// <summary>
/// The embedded default store: instances in process memory, lost when the process ends. Saves are
/// atomic and version-checked like the Redis store's, so code that works here works there. Finished
/// instances are kept for <see cref="InMemoryOptions.CompletedRetention"/>, and no more than
/// <see cref="InMemoryOptions.MaxCompleted"/> of them, as Redis expires them after its retention.
/// It keeps the read model of saga states (<see cref="ISagaStateIndex"/>) and each instance's
/// history (<see cref="ISagaHistory"/>) in the same lock as each save, and lets an operator read an
/// instance's outbox and delete a finished one (<see cref="ISagaStoreMaintenance"/>).
/// </summary>
public sealed partial class InMemorySagaStore : ISagaStore, ISagaStateIndex, ISagaHistory
{
    private readonly Dictionary<SagaKey, Instance> _instances = [];
    private readonly SagaStateProjection _states = new();
    private readonly Queue<(SagaKey Key, DateTimeOffset FinishedAt)> _finished = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private readonly int _maxFinished;
    private readonly ILogger _logger;
    private DateTimeOffset _lastCapWarning = DateTimeOffset.MinValue;

    /// <summary>Creates the store; usually registered by <c>AddSagas</c>.</summary>
    public InMemorySagaStore(IOptions<SagasOptions> options, TimeProvider time, ILogger<InMemorySagaStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _retention = options.Value.InMemory.CompletedRetention;
        _maxFinished = options.Value.InMemory.MaxCompleted;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>How many instances, live and finished, the store holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _instances.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<SagaSnapshot?> LoadAsync(SagaKey key, string messageId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_instances.TryGetValue(key, out var instance)
                ? Snapshot(instance, instance.Handled(messageId))
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

            var now = _time.GetUtcNow();
            var next = current ?? new Instance();
            if (commit.IsFinal && !next.IsFinal)
            {
                _finished.Enqueue((commit.Key, now));
            }

            if (!commit.IsHandlerRecord)
            {
                _states.Moved(commit.Key, current is null ? null : (current.State, current.ChangedTicks), commit.State, now.UtcTicks);
                (next.History ??= []).Add(new SagaHistoryEntry(now, commit.MessageId, commit.MessageType, commit.FromState, commit.State));
            }

            next.IsHandlerRecord = commit.IsHandlerRecord;
            next.ChangedTicks = now.UtcTicks;
            next.State = commit.State;
            next.Data = commit.Data;
            next.Version = commit.ExpectedVersion + 1;
            next.IsFinal = commit.IsFinal;
            next.RecordHandled(commit.MessageId);
            if (commit.Outbox.Count > 0)
            {
                // The commit's list is never changed after the save: kept as it is until relayed.
                next.Outbox = next.Outbox is { Count: > 0 } unsent ? [.. unsent, .. commit.Outbox] : commit.Outbox;
            }

            _instances[commit.Key] = next;
            ForgetOldFinished(now);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask RemoveFromOutboxAsync(SagaKey key, IReadOnlyList<string> messageIds, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_instances.TryGetValue(key, out var instance) && instance.Outbox is { } outbox)
            {
                // Usually every entry was relayed, and nothing is left to keep.
                List<Envelope>? left = null;
                for (var i = 0; i < outbox.Count; i++)
                {
                    if (!messageIds.Contains(outbox[i].MessageId))
                    {
                        (left ??= []).Add(outbox[i]);
                    }
                }

                instance.Outbox = left;
            }
        }

        return ValueTask.CompletedTask;
    }

    // Oldest finished first; a finished instance never lives again, so what is queued is still finished.
    private void ForgetOldFinished(DateTimeOffset now)
    {
        var expired = now - _retention;
        while (_finished.TryPeek(out var oldest) && (_finished.Count > _maxFinished || oldest.FinishedAt <= expired))
        {
            _finished.Dequeue();
            if (_instances.Remove(oldest.Key, out var forgotten) && !forgotten.IsHandlerRecord)
            {
                _states.Removed(oldest.Key, forgotten.State, forgotten.ChangedTicks);
            }

            if (oldest.FinishedAt > expired && now - _lastCapWarning > TimeSpan.FromMinutes(1))
            {
                // The cap, not the age, removed it: a retry of one of its messages would no longer be recognised.
                _lastCapWarning = now;
                SagaEngineLog.CompletedCapReached(_logger, _maxFinished, now - oldest.FinishedAt, _retention);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(SagaKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<SagaHistoryEntry>>(
                _instances.TryGetValue(key, out var instance) && instance.History is { } history ? [.. history] : []);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> RecordNoteAsync(SagaKey key, string note, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        lock (_gate)
        {
            if (!_instances.TryGetValue(key, out var instance) || instance.IsHandlerRecord)
            {
                return ValueTask.FromResult(false);
            }

            (instance.History ??= []).Add(new SagaHistoryEntry(_time.GetUtcNow(), "", "", instance.State, instance.State, note));
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SagaStateCount>> CountByStateAsync(string sagaName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sagaName);
        lock (_gate)
        {
            return ValueTask.FromResult(_states.Count(sagaName));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SagaStateEntry>> ListAsync(string sagaName, string state, DateTimeOffset? changedBefore, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sagaName);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        lock (_gate)
        {
            return ValueTask.FromResult(_states.List(sagaName, state, changedBefore, skip, take));
        }
    }

    /// <inheritdoc/>
    /// <remarks>In memory the read model changes in the lock of each save and is never behind: this only recomputes it.</remarks>
    public ValueTask<int> RebuildAsync(string sagaName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sagaName);
        lock (_gate)
        {
            _states.Clear(sagaName);
            var count = 0;
            foreach (var (key, instance) in _instances)
            {
                if (key.SagaName == sagaName && !instance.IsHandlerRecord)
                {
                    _states.Moved(key, null, instance.State, instance.ChangedTicks);
                    count++;
                }
            }

            return ValueTask.FromResult(count);
        }
    }

    private static SagaSnapshot Snapshot(Instance instance, bool handled) =>
        new(instance.State, instance.Data, instance.Version, handled, instance.IsFinal, handled && instance.Outbox is { Count: > 0 } outbox ? [.. outbox] : null);

    /// <summary>The number of outbox entries not yet relayed, across all instances.</summary>
    public int PendingOutboxCount
    {
        get
        {
            lock (_gate)
            {
                return _instances.Values.Sum(i => i.Outbox?.Count ?? 0);
            }
        }
    }

    private sealed class Instance
    {
        public string State { get; set; } = "";

        public SagaDocument Data { get; set; } = SagaDocument.None;

        public long Version { get; set; }

        public bool IsFinal { get; set; }

        public bool IsHandlerRecord { get; set; }

        /// <summary>Its saved steps, oldest first; none for a participant's record.</summary>
        public List<SagaHistoryEntry>? History { get; set; }

        /// <summary>When its last step was saved (UTC ticks): its place in the read model.</summary>
        public long ChangedTicks { get; set; }

        // Lists, not sets: an instance sees a handful of messages, and a list costs one object.
        // Most records (a participant's) see one message: it needs no list.
        private string? _firstHandled;
        private List<string>? _moreHandled;

        public IReadOnlyList<Envelope>? Outbox { get; set; }

        public bool Handled(string messageId) =>
            messageId == _firstHandled || (_moreHandled?.Contains(messageId) ?? false);

        public void RecordHandled(string messageId)
        {
            if (_firstHandled is null)
            {
                _firstHandled = messageId;
            }
            else
            {
                (_moreHandled ??= new List<string>(4)).Add(messageId);
            }
        }
    }
}
