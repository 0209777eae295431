using System.Buffers;
using System.Text.Json;
using static Sagas.EnvelopeFields;

namespace Sagas;

/// <summary>
/// The JSON form of an <see cref="Envelope"/> in Redis (outbox entries, scheduled messages):
/// <c>{"id","type","version","correlationId","causationId","traceparent","tracestate","sentAt","deliverAt","body"}</c> (<c>version</c> only above 1, <c>tracestate</c> only when set, <c>deliverAt</c> only for scheduled messages), where <c>body</c> is the
/// message's own JSON, embedded as is, so it is readable with redis-cli and never base64.
/// </summary>
internal static class EnvelopeJson
{
    /// <summary>Writes an envelope, serializing its message with the registry when it has no body yet.</summary>
    /// <exception cref="UnknownMessageTypeException">The message's type is not registered.</exception>
    /// <exception cref="ArgumentException">The envelope has neither a body nor a message.</exception>
    public static byte[] Write(Envelope envelope, IMessageRegistry registry, JsonSerializerOptions options)
    {
        var body = BodyOf(envelope, registry, options);

        var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(Id, envelope.MessageId);
            writer.WriteString(WireType, envelope.MessageType);
            if (EnvelopeFields.VersionOf(envelope, registry) is > 1 and var version)
            {
                writer.WriteNumber(BodyVersion, version);
            }

            WriteOptional(writer, CorrelationId, envelope.CorrelationId);
            WriteOptional(writer, CausationId, envelope.CausationId);
            WriteOptional(writer, TraceParent, envelope.TraceParent);
            WriteOptional(writer, TraceState, envelope.TraceState);
            writer.WriteString(SentAt, envelope.SentAt);
            if (envelope.DeliverAt is { } deliverAt)
            {
                writer.WriteString(DeliverAt, deliverAt);
            }

            writer.WritePropertyName(Body);
            writer.WriteRawValue(body.Span); // validated: a body that is not JSON throws here, not at the reader
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads what <see cref="Write"/> wrote; the message stays in <see cref="Envelope.Body"/> for the registry to deserialize.</summary>
    /// <exception cref="JsonException">The JSON is not an envelope.</exception>
    public static Envelope Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stored envelope is not a JSON object.");
        }

        string? id = null, type = null, correlationId = null, causationId = null, traceParent = null, traceState = null;
        DateTimeOffset sentAt = default;
        DateTimeOffset? deliverAt = null;
        var version = 1;
        byte[]? body = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case Id: id = reader.GetString(); break;
                case WireType: type = reader.GetString(); break;
                case CorrelationId: correlationId = reader.GetString(); break;
                case CausationId: causationId = reader.GetString(); break;
                case TraceParent: traceParent = reader.GetString(); break;
                case TraceState: traceState = reader.GetString(); break;
                case SentAt: sentAt = reader.GetDateTimeOffset(); break;
                case DeliverAt: deliverAt = reader.GetDateTimeOffset(); break;
                case BodyVersion: version = reader.GetInt32(); break;
                case Body:
                    // Keep the body's bytes as they are: slice from its first token to its end.
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    body = json[start..(int)reader.BytesConsumed].ToArray();
                    break;
                default: reader.Skip(); break; // a field from a newer writer
            }
        }

        if (id is null || type is null || body is null)
        {
            throw new JsonException($"A stored envelope lacks '{Id}', '{WireType}' or '{Body}'; it was not written by Sagas.");
        }

        return new Envelope
        {
            MessageId = id,
            MessageType = type,
            CorrelationId = correlationId,
            CausationId = causationId,
            TraceParent = traceParent,
            TraceState = traceState,
            SentAt = sentAt,
            DeliverAt = deliverAt,
            Body = body,
            Version = version,
        };
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
