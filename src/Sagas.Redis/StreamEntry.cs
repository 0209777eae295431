using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using static Sagas.EnvelopeFields;

namespace Sagas;

/// <summary>
/// An envelope as the fields of a stream entry: each header its own field (readable with
/// <c>XRANGE</c>) and the message's JSON in <c>body</c>.
/// </summary>
internal static class StreamEntry
{
    /// <summary>The field/value pairs of an envelope's entry, flat: field, value, field, value, ...</summary>
    public static RedisValue[] Fields(Envelope envelope, IMessageRegistry registry, JsonSerializerOptions json)
    {
        var body = BodyOf(envelope, registry, json).ToArray();
        var fields = new List<RedisValue>(14) { Id, envelope.MessageId, WireType, envelope.MessageType };
        Add(fields, CorrelationId, envelope.CorrelationId);
        Add(fields, CausationId, envelope.CausationId);
        Add(fields, TraceParent, envelope.TraceParent);
        fields.Add(SentAt);
        fields.Add(envelope.SentAt.ToString("O", CultureInfo.InvariantCulture));
        fields.Add(Body);
        fields.Add(body);
        return [.. fields];
    }

    /// <summary>Reads an entry's field/value pairs back into an envelope, its body left for the registry.</summary>
    /// <exception cref="MalformedMessageException">A header is missing or invalid, or the body is over <paramref name="maxBodyBytes"/>.</exception>
    public static Envelope Read(IReadOnlyList<KeyValuePair<string, RedisValue>> fields, int maxBodyBytes)
    {
        string? id = null, type = null, correlationId = null, causationId = null, traceParent = null, sentAt = null;
        byte[]? body = null;
        foreach (var (name, value) in fields)
        {
            switch (name)
            {
                case Id: id = value; break;
                case WireType: type = value; break;
                case CorrelationId: correlationId = value; break;
                case CausationId: causationId = value; break;
                case TraceParent: traceParent = value; break;
                case SentAt: sentAt = value; break;
                case Body: body = value; break;
            }
        }

        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type) || body is null)
        {
            throw new MalformedMessageException(
                $"The stream entry lacks '{Id}', '{WireType}' or '{Body}'; publish messages with IMessageBus, or XADD them with those fields.");
        }

        if (body.Length > maxBodyBytes)
        {
            throw new MalformedMessageException(
                $"Message {id} ({type}) is {body.Length} bytes, over the limit of {maxBodyBytes} (RedisStreamsOptions.MaxMessageBytes). "
                + "Send large data by reference, or raise the limit.");
        }

        var sent = DateTimeOffset.UtcNow;
        if (sentAt is not null && !DateTimeOffset.TryParse(sentAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out sent))
        {
            throw new MalformedMessageException($"Message {id} ({type}) has '{SentAt}' '{sentAt}', which is not an ISO 8601 time.");
        }

        return new Envelope
        {
            MessageId = id,
            MessageType = type,
            CorrelationId = correlationId,
            CausationId = causationId,
            TraceParent = traceParent,
            SentAt = sent,
            Body = body,
        };
    }

    /// <summary>The entries of an XREADGROUP reply, per stream; none when a BLOCK timed out.</summary>
    public static IEnumerable<(RedisKey Stream, string Id, KeyValuePair<string, RedisValue>[] Fields)> ReadReply(RedisResult result)
    {
        if (result.IsNull)
        {
            yield break; // BLOCK timed out with nothing new
        }

        foreach (var streamResult in (RedisResult[])result!)
        {
            var parts = (RedisResult[])streamResult!;
            RedisKey stream = (string)parts[0]!;
            foreach (var entry in (RedisResult[])parts[1]!)
            {
                var entryParts = (RedisResult[])entry!;
                yield return (stream, (string)entryParts[0]!, FieldsOf(entryParts[1]));
            }
        }
    }

    /// <summary>An entry's flat field/value reply as pairs; none for an entry deleted while pending.</summary>
    public static KeyValuePair<string, RedisValue>[] FieldsOf(RedisResult result)
    {
        if (result.IsNull)
        {
            return []; // the entry was deleted while pending
        }

        var flat = (RedisResult[])result!;
        var fields = new KeyValuePair<string, RedisValue>[flat.Length / 2];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = new((string)flat[2 * i]!, (RedisValue)flat[(2 * i) + 1]);
        }

        return fields;
    }

    private static void Add(List<RedisValue> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields.Add(name);
            fields.Add(value);
        }
    }
}
