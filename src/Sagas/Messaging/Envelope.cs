using System.Diagnostics;

namespace Sagas;

/// <summary>
/// A message on its way through Sagas: the message (or its serialized body) with the ids that let
/// it be deduplicated, correlated and traced.
/// </summary>
public sealed record Envelope
{
    /// <summary>The message's unique id; the inbox uses it to handle a redelivered message once.</summary>
    public required string MessageId { get; init; }

    /// <summary>The registered wire name of the message type, never a CLR type name.</summary>
    public required string MessageType { get; init; }

    /// <summary>The correlation key of the saga that sent it, if any.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The id of the message whose handling produced this one, if any.</summary>
    public string? CausationId { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the activity that created the message, if any, so a trace
    /// follows the message across processes.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>The W3C <c>tracestate</c> that goes with <see cref="TraceParent"/>: vendors' trace data, if any.</summary>
    public string? TraceState { get; init; }

    /// <summary>
    /// The version of the message type's shape that <see cref="Body"/> was written at
    /// (<c>[Event(Version = ...)]</c>); 1 for messages written before versions existed. A lower
    /// version than the type's is upcast when read.
    /// </summary>
    public int Version { get; init; } = 1;

    /// <summary>When the message was created.</summary>
    public DateTimeOffset SentAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>When a scheduled message is due; <see langword="null"/> for a message to deliver at once.</summary>
    public DateTimeOffset? DeliverAt { get; init; }

    /// <summary>The message itself when it travels in process; <see langword="null"/> when only <see cref="Body"/> is set.</summary>
    public object? Message { get; init; }

    /// <summary>The serialized message (UTF-8 JSON) when it crossed a process boundary.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Wraps <paramref name="message"/> in a new envelope with a fresh id.</summary>
    /// <param name="message">The message.</param>
    /// <param name="wireName">The message type's registered wire name.</param>
    /// <param name="correlationId">The sending saga's correlation key, if any.</param>
    /// <param name="causationId">The id of the message being handled, if any.</param>
    public static Envelope Create(object message, string wireName, string? correlationId = null, string? causationId = null) =>
        Create(message, wireName, correlationId, causationId, DateTimeOffset.UtcNow, deliverAt: null);

    // Stamped by the caller's clock, in one allocation where Create followed by 'with' would make two.
    internal static Envelope Create(object message, string wireName, string? correlationId, string? causationId, DateTimeOffset sentAt, DateTimeOffset? deliverAt, int version = 1)
    {
        var activity = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current : null;
        return new()
        {
            MessageId = MessageIds.Next(),
            MessageType = wireName,
            CorrelationId = correlationId,
            CausationId = causationId,
            TraceParent = activity?.Id,
            TraceState = activity?.TraceStateString,
            Message = message,
            SentAt = sentAt,
            DeliverAt = deliverAt,
            Version = version,
        };
    }
}
