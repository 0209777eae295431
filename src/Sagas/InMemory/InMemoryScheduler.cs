using Microsoft.Extensions.Logging;

namespace Sagas.InMemory;

/// <summary>
/// The embedded default scheduler: a timer per scheduled message, in process memory. Scheduled
/// messages do not survive a restart; the Redis scheduler's do.
/// </summary>
public sealed class InMemoryScheduler(IMessageTransport transport, TimeProvider time, ILogger<InMemoryScheduler> logger) : IMessageScheduler, IDisposable
{
    private readonly Dictionary<(string ScheduledBy, string CorrelationId, string MessageType), List<ITimer>> _pending = [];
    private readonly Lock _gate = new();

    /// <summary>How many scheduled messages are waiting.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Values.Sum(t => t.Count);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask ScheduleAsync(Envelope envelope, string scheduledBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(scheduledBy);
        var due = (envelope.DeliverAt ?? time.GetUtcNow()) - time.GetUtcNow();
        var key = (scheduledBy, envelope.CorrelationId ?? "", envelope.MessageType);
        lock (_gate)
        {
            ITimer? timer = null;
            timer = time.CreateTimer(_ => Deliver(key, timer!, envelope), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            if (!_pending.TryGetValue(key, out var timers))
            {
                _pending[key] = timers = [];
            }

            timers.Add(timer);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CancelAsync(string scheduledBy, string correlationId, string messageType, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pending.Remove((scheduledBy, correlationId, messageType), out var timers))
            {
                foreach (var timer in timers)
                {
                    timer.Dispose();
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var timer in _pending.Values.SelectMany(t => t))
            {
                timer.Dispose();
            }

            _pending.Clear();
        }
    }

    private void Deliver((string, string, string) key, ITimer timer, Envelope envelope)
    {
        lock (_gate)
        {
            // Cancelled after the timer fired but before this ran: the cancellation wins.
            if (!_pending.TryGetValue(key, out var timers) || !timers.Remove(timer))
            {
                return;
            }

            if (timers.Count == 0)
            {
                _pending.Remove(key);
            }
        }

        timer.Dispose();
        _ = PublishAsync(envelope with { DeliverAt = null });
    }

    private async Task PublishAsync(Envelope envelope)
    {
        try
        {
            await transport.PublishAsync(envelope, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Scheduled message {MessageId} ({MessageType}) could not be published", envelope.MessageId, envelope.MessageType);
        }
    }
}
