using Microsoft.Extensions.Logging;

namespace Sagas.InMemory;

/// <summary>
/// The embedded default scheduler: scheduled messages in a priority queue by due time, in process
/// memory, with one timer of the host's <see cref="TimeProvider"/> for the earliest. Scheduled
/// messages do not survive a restart; the Redis scheduler's do. An instance's waiting messages can
/// be listed (<see cref="IScheduledMessages"/>).
/// </summary>
public sealed class InMemoryScheduler(IMessageTransport transport, TimeProvider time, ILogger<InMemoryScheduler> logger) : IMessageScheduler, IScheduledMessages, IDisposable
{
    // Cancelled entries stay in the queue until they come up, unless they outnumber the live ones
    // by this many: then the queue is rebuilt, so that cancelled timeouts never pile up.
    private const int CompactAbove = 1024;

    private readonly PriorityQueue<Scheduled, DateTimeOffset> _due = new();
    // Per sender, instance and type: one Scheduled, or a List<Scheduled> when there are several.
    private readonly Dictionary<(string ScheduledBy, string CorrelationId, string MessageType), object> _pending = [];
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset _timerDue = DateTimeOffset.MaxValue;
    private int _live;
    private bool _disposed;

    /// <summary>How many scheduled messages are waiting.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _live;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask ScheduleAsync(Envelope envelope, string scheduledBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(scheduledBy);
        var due = envelope.DeliverAt ?? time.GetUtcNow();
        var scheduled = new Scheduled((scheduledBy, envelope.CorrelationId ?? "", envelope.MessageType), envelope, due);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_pending.TryGetValue(scheduled.Key, out var ofKey))
            {
                _pending[scheduled.Key] = scheduled;
            }
            else if (ofKey is List<Scheduled> several)
            {
                several.Add(scheduled);
            }
            else
            {
                _pending[scheduled.Key] = new List<Scheduled> { (Scheduled)ofKey, scheduled };
            }
            _due.Enqueue(scheduled, due);
            _live++;
            if (due < _timerDue)
            {
                SetTimer(due);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CancelAsync(string scheduledBy, string correlationId, string messageType, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pending.Remove((scheduledBy, correlationId, messageType), out var cancelled))
            {
                if (cancelled is List<Scheduled> several)
                {
                    foreach (var scheduled in several)
                    {
                        scheduled.Envelope = null; // released now, though the entry waits in the queue
                    }

                    _live -= several.Count;
                }
                else
                {
                    ((Scheduled)cancelled).Envelope = null;
                    _live--;
                }

                if (_due.Count - _live > CompactAbove && _due.Count - _live > _live)
                {
                    Compact();
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>Looks at every sender, instance and type waiting: an operator's call, not a step's.</remarks>
    public ValueTask<IReadOnlyList<Envelope>> ListScheduledAsync(string scheduledBy, string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduledBy);
        ArgumentNullException.ThrowIfNull(correlationId);
        var found = new List<Scheduled>();
        lock (_gate)
        {
            foreach (var (key, ofKey) in _pending)
            {
                if (key.ScheduledBy == scheduledBy && key.CorrelationId == correlationId)
                {
                    found.AddRange(ofKey as List<Scheduled> ?? [(Scheduled)ofKey]);
                }
            }

            // Each with the time it is due, also when it was scheduled without one (due at once).
            return ValueTask.FromResult<IReadOnlyList<Envelope>>([.. found
                .Where(s => s.Envelope is not null)
                .OrderBy(s => s.Due)
                .Select(s => s.Envelope!.DeliverAt == s.Due ? s.Envelope : s.Envelope with { DeliverAt = s.Due })]);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
            _due.Clear();
            _pending.Clear();
            _live = 0;
        }
    }

    private void SetTimer(DateTimeOffset due)
    {
        _timer?.Dispose();
        var wait = due - time.GetUtcNow();
        _timerDue = due;
        _timer = time.CreateTimer(static self => ((InMemoryScheduler)self!).DeliverDue(), this, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void DeliverDue()
    {
        List<Envelope>? ready = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = time.GetUtcNow();
            while (_due.TryPeek(out var scheduled, out var due) && due <= now)
            {
                _due.Dequeue();
                if (scheduled.Envelope is { } envelope)
                {
                    Forget(scheduled);
                    (ready ??= []).Add(envelope with { DeliverAt = null });
                }
            }

            if (_due.TryPeek(out _, out var next))
            {
                SetTimer(next);
            }
            else
            {
                _timer?.Dispose();
                _timer = null;
                _timerDue = DateTimeOffset.MaxValue;
            }
        }

        foreach (var envelope in ready ?? [])
        {
            _ = PublishAsync(envelope);
        }
    }

    // Takes a delivered entry out of its key's list; a cancellation after this finds nothing to cancel.
    private void Forget(Scheduled scheduled)
    {
        _live--;
        if (_pending[scheduled.Key] is List<Scheduled> several)
        {
            several.Remove(scheduled);
            if (several.Count == 0)
            {
                _pending.Remove(scheduled.Key);
            }
        }
        else
        {
            _pending.Remove(scheduled.Key);
        }
    }

    private void Compact()
    {
        var live = new List<(Scheduled, DateTimeOffset)>(_live);
        while (_due.TryDequeue(out var scheduled, out var due))
        {
            if (scheduled.Envelope is not null)
            {
                live.Add((scheduled, due));
            }
        }

        _due.EnqueueRange(live);
    }

    private async Task PublishAsync(Envelope envelope)
    {
        try
        {
            await transport.PublishAsync(envelope, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            InMemoryLog.ScheduledNotPublished(logger, exception, envelope.MessageId, envelope.MessageType);
        }
    }

    private sealed class Scheduled((string, string, string) key, Envelope envelope, DateTimeOffset due)
    {
        public (string ScheduledBy, string CorrelationId, string MessageType) Key { get; } = key;

        /// <summary>When it is due: its place in the queue.</summary>
        public DateTimeOffset Due { get; } = due;

        /// <summary>The message; <see langword="null"/> once cancelled.</summary>
        public Envelope? Envelope { get; set; } = envelope;
    }
}
