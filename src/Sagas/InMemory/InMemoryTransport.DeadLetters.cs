using System.Text;
using Microsoft.Extensions.Logging;

namespace Sagas.InMemory;

// The dead letters in memory: kept in order, listed, replayed onto the queue, deleted.
public sealed partial class InMemoryTransport : IDeadLetters
{
    private readonly List<DeadLetter> _deadLetters = [];

    /// <summary>Messages that could not be handled, with the reason, oldest first (a copy).</summary>
    public IReadOnlyCollection<DeadLetter> DeadLetters
    {
        get
        {
            lock (_deadLetters)
            {
                return [.. _deadLetters];
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entries = DeadLetters.Reverse().Select(Entry).Where(query.Matches).Skip(query.Skip).Take(query.Take);
        return ValueTask.FromResult<IReadOnlyList<DeadLetterEntry>>([.. entries]);
    }

    /// <inheritdoc/>
    public ValueTask<DeadLetterEntry?> GetAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Find(id) is { } found ? Entry(found) : null);

    /// <inheritdoc/>
    public async ValueTask<bool> ReplayAsync(string id, string replayedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(replayedBy);
        if (Find(id) is not { } found)
        {
            return false;
        }

        // Published first: were this to fail, the dead letter is still there.
        await PublishAsync(found.Envelope, cancellationToken).ConfigureAwait(false);
        if (!Remove(id))
        {
            return false; // replayed at the same time by another call, which removed it
        }

        InMemoryLog.DeadLetterReplayed(_logger, id, found.Envelope.MessageType, found.Envelope.MessageId, replayedBy);
        return true;
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(string id, string deletedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deletedBy);
        var found = Find(id);
        if (found is null || !Remove(id))
        {
            return ValueTask.FromResult(false);
        }

        InMemoryLog.DeadLetterDeleted(_logger, id, found.Envelope.MessageType, found.Envelope.MessageId, deletedBy);
        return ValueTask.FromResult(true);
    }

    private void AddDeadLetter(DeadLetter deadLetter)
    {
        lock (_deadLetters)
        {
            _deadLetters.Add(deadLetter);
        }
    }

    private DeadLetter? Find(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (_deadLetters)
        {
            return _deadLetters.Find(d => d.Id == id);
        }
    }

    private bool Remove(string id)
    {
        lock (_deadLetters)
        {
            return _deadLetters.RemoveAll(d => d.Id == id) > 0;
        }
    }

    private DeadLetterEntry Entry(DeadLetter deadLetter)
    {
        var envelope = deadLetter.Envelope;
        var body = !envelope.Body.IsEmpty
            ? Encoding.UTF8.GetString(envelope.Body.Span)
            : envelope.Message is { } message ? Encoding.UTF8.GetString(_registry.Serialize(message, _options.JsonSerializerOptions)) : "";
        return new DeadLetterEntry(
            deadLetter.Id, envelope.MessageId, envelope.MessageType, envelope.CorrelationId, deadLetter.Reason,
            deadLetter.Exception?.GetType().FullName, deadLetter.Exception?.ToString(), Service: null, Source: null, deadLetter.At, body);
    }
}
