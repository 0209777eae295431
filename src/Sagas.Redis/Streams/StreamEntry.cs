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
    /// <summary>The fields of an envelope's entry.</summary>
    public static NameValueEntry[] Fields(Envelope envelope, IMessageRegistry registry, JsonSerializerOptions json)
    {
        var body = BodyOf(envelope, registry, json).ToArray();
        var fields = new List<NameValueEntry>(9) { new(Id, envelope.MessageId), new(WireType, envelope.MessageType) };
        if (EnvelopeFields.VersionOf(envelope, registry) is > 1 and var version)
        {
            fields.Add(new(BodyVersion, version));
        }

        Add(fields, CorrelationId, envelope.CorrelationId);
        Add(fields, CausationId, envelope.CausationId);
        Add(fields, TraceParent, envelope.TraceParent);
        Add(fields, TraceState, envelope.TraceState);
        fields.Add(new(SentAt, envelope.SentAt.ToString("O", CultureInfo.InvariantCulture)));
        fields.Add(new(Body, body));
        return [.. fields];
    }

    /// <summary>A script's arguments: <paramref name="first"/>, then each field's name and value.</summary>
    public static RedisValue[] Flatten(RedisValue first, NameValueEntry[] fields)
    {
        var flat = new RedisValue[1 + (2 * fields.Length)];
        flat[0] = first;
        for (var i = 0; i < fields.Length; i++)
        {
            flat[1 + (2 * i)] = fields[i].Name;
            flat[2 + (2 * i)] = fields[i].Value;
        }

        return flat;
    }

    /// <summary>Reads an entry's fields back into an envelope, its body left for the registry.</summary>
    /// <exception cref="MalformedMessageException">A header is missing or invalid, or the body is over <paramref name="maxBodyBytes"/>.</exception>
    public static Envelope Read(IReadOnlyList<NameValueEntry> fields, int maxBodyBytes)
    {
        string? id = null, type = null, correlationId = null, causationId = null, traceParent = null, traceState = null, sentAt = null, version = null;
        byte[]? body = null;
        foreach (var field in fields)
        {
            var value = field.Value;
            switch ((string?)field.Name)
            {
                case Id: id = value; break;
                case WireType: type = value; break;
                case CorrelationId: correlationId = value; break;
                case CausationId: causationId = value; break;
                case TraceParent: traceParent = value; break;
                case TraceState: traceState = value; break;
                case SentAt: sentAt = value; break;
                case Body: body = value; break;
                case BodyVersion: version = value; break;
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

        var bodyVersion = 1;
        if (version is not null && (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out bodyVersion) || bodyVersion < 1))
        {
            throw new MalformedMessageException($"Message {id} ({type}) has '{BodyVersion}' '{version}', which is not a version (a whole number from 1).");
        }

        return new Envelope
        {
            MessageId = id,
            MessageType = type,
            CorrelationId = correlationId,
            CausationId = causationId,
            TraceParent = traceParent,
            TraceState = traceState,
            SentAt = sent,
            Body = body,
            Version = bodyVersion,
        };
    }

    /// <summary>The entries of an XREADGROUP reply, per stream; none when a BLOCK timed out.</summary>
    /// <remarks>
    /// RESP2 answers a list of [stream, entries] pairs; RESP3 (StackExchange.Redis 3.x's default)
    /// a map, which the client hands over flat: stream, entries, stream, entries.
    /// </remarks>
    public static IEnumerable<(RedisKey Stream, string Id, NameValueEntry[] Fields)> ReadReply(RedisResult result)
    {
        if (result.IsNull)
        {
            yield break; // BLOCK timed out with nothing new
        }

        var items = (RedisResult[])result!;
        var flat = items.Length > 0 && items[0].Resp2Type != ResultType.Array;
        for (var i = 0; i < items.Length; i += flat ? 2 : 1)
        {
            var (name, entries) = flat ? (items[i], items[i + 1]) : (((RedisResult[])items[i]!)[0], ((RedisResult[])items[i]!)[1]);
            RedisKey stream = (string)name!;
            foreach (var entry in (RedisResult[])entries!)
            {
                var entryParts = (RedisResult[])entry!;
                yield return (stream, (string)entryParts[0]!, FieldsOf(entryParts[1]));
            }
        }
    }

    // An entry's flat field/value reply as pairs; none for an entry deleted while pending.
    private static NameValueEntry[] FieldsOf(RedisResult result)
    {
        if (result.IsNull)
        {
            return [];
        }

        var flat = (RedisResult[])result!;
        var fields = new NameValueEntry[flat.Length / 2];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = new((RedisValue)flat[2 * i], (RedisValue)flat[(2 * i) + 1]);
        }

        return fields;
    }

    private static void Add(List<NameValueEntry> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields.Add(new(name, value));
        }
    }
}
