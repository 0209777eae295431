using System.Collections;

namespace Sagas.Testing;

/// <summary>A message the harness saw go by, with the envelope it travelled in.</summary>
/// <param name="Envelope">The envelope: ids, correlation, when it was sent and, for a scheduled message, when it is due.</param>
/// <param name="Message">The message itself.</param>
public sealed record RecordedMessage(Envelope Envelope, object Message)
{
    /// <summary>The message type's wire name.</summary>
    public string MessageType => Envelope.MessageType;

    /// <summary>When a scheduled message is due; <see langword="null"/> for one delivered at once.</summary>
    public DateTimeOffset? DeliverAt => Envelope.DeliverAt;

    /// <summary>Why it was dead-lettered, for a dead letter; <see langword="null"/> otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>The error that dead-lettered it, when one was thrown.</summary>
    public Exception? Exception { get; init; }
}

/// <summary>Messages in the order they went by, read whole or by type.</summary>
public sealed class MessageLog : IReadOnlyList<RecordedMessage>
{
    private readonly RecordedMessage[] _messages;

    internal MessageLog(IEnumerable<RecordedMessage> messages) => _messages = [.. messages];

    /// <inheritdoc/>
    public int Count => _messages.Length;

    /// <inheritdoc/>
    public RecordedMessage this[int index] => _messages[index];

    /// <summary>The messages of type <typeparamref name="TMessage"/>, in order.</summary>
    public IReadOnlyList<TMessage> Select<TMessage>() => [.. _messages.Select(m => m.Message).OfType<TMessage>()];

    /// <summary>Whether a message of type <typeparamref name="TMessage"/> went by (that matches <paramref name="predicate"/>, when given).</summary>
    public bool Any<TMessage>(Func<TMessage, bool>? predicate = null) => Select<TMessage>().Any(m => predicate is null || predicate(m));

    /// <inheritdoc/>
    public IEnumerator<RecordedMessage> GetEnumerator() => ((IEnumerable<RecordedMessage>)_messages).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static bool IsCommand(object message) => message.GetType().IsDefined(typeof(CommandAttribute), inherit: false);
}
