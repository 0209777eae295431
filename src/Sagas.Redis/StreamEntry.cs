using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// An envelope as the fields of a stream entry: each header its own field (readable with
/// <c>XRANGE</c>) and the message's JSON in <c>body</c>.
/// </summary>
internal static class StreamEntry
{
    public const string Id = "id";
    public const string Type = "type";
    public const string CorrelationId = "correlationId";
    public const string CausationId = "causationId";
    public const string TraceParent = "traceparent";
    public const string SentAt = "sentAt";
    public const string Body = "body";

    /// <summary>The field/value pairs of an envelope's entry, flat: field, value, field, value, ...</summary>
    public static RedisValue[] Fields(Envelope envelope, IMessageRegistry registry, JsonSerializerOptions json)
    {
        var body = envelope.Body.IsEmpty
            ? registry.Serialize(envelope.Message ?? throw new ArgumentException($"Envelope {envelope.MessageId} has neither a Message nor a Body.", nameof(envelope)), json)
            : envelope.Body.ToArray();
        var fields = new List<RedisValue>(14) { Id, envelope.MessageId, Type, envelope.MessageType };
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
                case Type: type = value; break;
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
                $"The stream entry lacks '{Id}', '{Type}' or '{Body}'; publish messages with IMessageBus, or XADD them with those fields.");
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

    private static void Add(List<RedisValue> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields.Add(name);
            fields.Add(value);
        }
    }
}
