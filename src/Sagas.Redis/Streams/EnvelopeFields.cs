using System.Text.Json;

namespace Sagas;

/// <summary>
/// What the two forms of an envelope in Redis share: the field names (the same in the JSON of
/// <see cref="EnvelopeJson"/> and in the stream entries of <see cref="StreamEntry"/>) and its body.
/// </summary>
internal static class EnvelopeFields
{
    public const string Id = "id";
    public const string WireType = "type";
    public const string CorrelationId = "correlationId";
    public const string CausationId = "causationId";
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string SentAt = "sentAt";
    public const string DeliverAt = "deliverAt";
    public const string Body = "body";

    /// <summary>The body's version (<see cref="Envelope.Version"/>), written only above 1: entries without it, older ones included, are version 1.</summary>
    public const string BodyVersion = "version";

    /// <summary>
    /// The version of what <see cref="BodyOf"/> returns: the message type's current one when the
    /// registry serializes the message, else the one the body was written at.
    /// </summary>
    public static int VersionOf(Envelope envelope, IMessageRegistry registry) =>
        envelope.Body.IsEmpty && envelope.Message is { } message ? registry.VersionOf(message.GetType()) : envelope.Version;

    /// <summary>The envelope's body, serializing its message with the registry when it has none yet.</summary>
    /// <exception cref="UnknownMessageTypeException">The message's type is not registered.</exception>
    /// <exception cref="ArgumentException">The envelope has neither a body nor a message.</exception>
    public static ReadOnlyMemory<byte> BodyOf(Envelope envelope, IMessageRegistry registry, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!envelope.Body.IsEmpty)
        {
            return envelope.Body;
        }

        if (envelope.Message is null)
        {
            throw new ArgumentException(
                $"Envelope {envelope.MessageId} ({envelope.MessageType}) has neither a Message nor a Body; "
                + "create envelopes with Envelope.Create(message, wireName).",
                nameof(envelope));
        }

        return registry.Serialize(envelope.Message, options);
    }
}
