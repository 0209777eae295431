using Sagas.InMemory;

namespace Sagas.Testing;

// What went through the transport and the scheduler, in order, and every time something is due.
internal sealed class Recorder
{
    private readonly List<RecordedMessage> _messages = [];
    private readonly List<RecordedMessage> _scheduled = [];
    private readonly SortedSet<DateTimeOffset> _due = [];

    public void Sent(Envelope envelope)
    {
        lock (_messages)
        {
            _messages.Add(new RecordedMessage(envelope, envelope.Message!));
        }
    }

    public void Scheduled(Envelope envelope)
    {
        lock (_messages)
        {
            _scheduled.Add(new RecordedMessage(envelope, envelope.Message!));
            if (envelope.DeliverAt is { } due)
            {
                _due.Add(due);
            }
        }
    }

    public void Due(DateTimeOffset at)
    {
        lock (_messages)
        {
            _due.Add(at);
        }
    }

    public List<RecordedMessage> Messages()
    {
        lock (_messages)
        {
            return [.. _messages];
        }
    }

    public List<RecordedMessage> ScheduledMessages()
    {
        lock (_messages)
        {
            return [.. _scheduled];
        }
    }

    // The first time after 'after' and up to 'until' when something may come due; a cancelled timeout's time is a harmless stop.
    public DateTimeOffset? NextDue(DateTimeOffset after, DateTimeOffset until)
    {
        lock (_messages)
        {
            foreach (var due in _due.GetViewBetween(after, until))
            {
                if (due > after)
                {
                    return due;
                }
            }

            return null;
        }
    }
}

// The in-memory transport, with every message handed to it recorded (dead-letter replays go straight to it, unrecorded).
internal sealed class RecordingTransport(InMemoryTransport inner, Recorder recorder) : IMessageTransport
{
    public string MessagingSystem => inner.MessagingSystem;

    public ValueTask PublishAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        recorder.Sent(envelope);
        return inner.PublishAsync(envelope, cancellationToken);
    }

    public IAsyncEnumerable<IncomingMessage> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);
}

// The in-memory scheduler, with every scheduled message recorded; due ones go to the transport unrecorded.
internal sealed class RecordingScheduler(InMemoryScheduler inner, Recorder recorder) : IMessageScheduler, IScheduledMessages, IDisposable
{
    public ValueTask ScheduleAsync(Envelope envelope, string scheduledBy, CancellationToken cancellationToken)
    {
        recorder.Scheduled(envelope);
        return inner.ScheduleAsync(envelope, scheduledBy, cancellationToken);
    }

    public ValueTask CancelAsync(string scheduledBy, string correlationId, string messageType, CancellationToken cancellationToken) =>
        inner.CancelAsync(scheduledBy, correlationId, messageType, cancellationToken);

    public ValueTask<IReadOnlyList<Envelope>> ListScheduledAsync(string scheduledBy, string correlationId, CancellationToken cancellationToken) =>
        inner.ListScheduledAsync(scheduledBy, correlationId, cancellationToken);

    public void Dispose() => inner.Dispose();
}

// The canned replies, by the message type they answer.
internal sealed class CannedReplies
{
    public Dictionary<Type, Func<object, object?>> ByType { get; } = [];
}

// Stands in for a participant's handler of TMessage: publishes the canned reply, if any.
internal sealed class CannedReply<TMessage>(CannedReplies replies) : IMessageHandler<TMessage>
    where TMessage : notnull
{
    public ValueTask HandleAsync(TMessage message, MessageContext context, CancellationToken cancellationToken)
    {
        if (replies.ByType[typeof(TMessage)](message) is { } reply)
        {
            context.Publish(reply);
        }

        return ValueTask.CompletedTask;
    }
}
