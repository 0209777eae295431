using System.Text;
using System.Text.Json;

namespace Sagas.Redis.Tests;

/// <summary>The envelope JSON the outbox (and later the streams transport) stores.</summary>
public sealed class EnvelopeJsonTests
{
    private static readonly JsonSerializerOptions Json = new SagasOptions().JsonSerializerOptions;

    [Fact]
    public void An_envelope_reads_back_as_written_with_the_message_embedded_as_JSON()
    {
        var message = new PaymentCaptured(Guid.NewGuid(), "pay-7");
        var envelope = TestMessages.Wrap(message, "order-7", "cause-7");

        var json = EnvelopeJson.Write(envelope, TestMessages.Registry, Json);
        var read = EnvelopeJson.Read(json);

        Assert.Contains("\"body\":{\"orderId\":", Encoding.UTF8.GetString(json)); // readable, not base64
        Assert.Equal(
            (envelope.MessageId, envelope.MessageType, envelope.CorrelationId, envelope.CausationId, envelope.SentAt),
            (read.MessageId, read.MessageType, read.CorrelationId, read.CausationId, read.SentAt));
        Assert.Null(read.Message);
        Assert.True(TestMessages.Registry.TryDeserialize(read.MessageType, read.Body.Span, Json, out var body));
        Assert.Equal(message, body);
    }

    [Fact]
    public void A_scheduled_envelope_keeps_its_due_time_and_an_unscheduled_one_has_none()
    {
        var due = new DateTimeOffset(2026, 11, 22, 12, 30, 0, TimeSpan.Zero);
        var scheduled = TestMessages.Wrap(new OrderPlaced(Guid.NewGuid(), 1m)) with { DeliverAt = due };

        var read = EnvelopeJson.Read(EnvelopeJson.Write(scheduled, TestMessages.Registry, Json));
        var plain = EnvelopeJson.Write(TestMessages.Wrap(new OrderPlaced(Guid.NewGuid(), 1m)), TestMessages.Registry, Json);

        Assert.Equal(due, read.DeliverAt);
        Assert.DoesNotContain("deliverAt", Encoding.UTF8.GetString(plain));
        Assert.Null(EnvelopeJson.Read(plain).DeliverAt);
    }

    [Fact]
    public void The_trace_context_travels_in_both_forms_of_an_envelope()
    {
        var traced = TestMessages.Wrap(new OrderPlaced(Guid.NewGuid(), 1m)) with
        {
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            TraceState = "vendor=a,other=b",
        };

        var fromJson = EnvelopeJson.Read(EnvelopeJson.Write(traced, TestMessages.Registry, Json));
        var fromStream = StreamEntry.Read(StreamEntry.Fields(traced, TestMessages.Registry, Json), maxBodyBytes: 1 << 20);

        Assert.Equal((traced.TraceParent, traced.TraceState), (fromJson.TraceParent, fromJson.TraceState));
        Assert.Equal((traced.TraceParent, traced.TraceState), (fromStream.TraceParent, fromStream.TraceState));
        Assert.DoesNotContain("tracestate", Encoding.UTF8.GetString(EnvelopeJson.Write(TestMessages.Wrap(new OrderPlaced(Guid.NewGuid(), 1m)), TestMessages.Registry, Json)));
    }

    [Fact]
    public void Missing_ids_and_unknown_fields_are_told_apart()
    {
        var withExtra = EnvelopeJson.Read("""{"id":"1","type":"t","future":[1,{"a":2}],"body":[1,2]}"""u8);
        Assert.Equal("[1,2]", Encoding.UTF8.GetString(withExtra.Body.Span));
        Assert.Null(withExtra.CorrelationId);

        var error = Assert.Throws<JsonException>(() => EnvelopeJson.Read("""{"type":"t","body":{}}"""u8));
        Assert.Contains("lacks 'id'", error.Message);
    }

    [Fact]
    public void An_envelope_with_neither_message_nor_body_is_refused_with_a_fix()
    {
        var empty = new Envelope { MessageId = "1", MessageType = "test.order-placed" };

        var error = Assert.Throws<ArgumentException>(() => EnvelopeJson.Write(empty, TestMessages.Registry, Json));
        Assert.Contains("Envelope.Create", error.Message);
    }

    [Fact]
    public void An_unregistered_message_is_refused_by_the_registry()
    {
        var stray = new Envelope { MessageId = "1", MessageType = "x", Message = new Uri("http://example.invalid") };

        Assert.Throws<UnknownMessageTypeException>(() => EnvelopeJson.Write(stray, TestMessages.Registry, Json));
    }

    [Fact]
    public void The_version_travels_in_both_forms_only_above_1()
    {
        var current = TestMessages.Wrap(new RelocationRequested(Guid.NewGuid(), "Lyon", 2));
        var old = new Envelope { MessageId = "old-1", MessageType = "test.relocation-requested", Body = """{"city":"Lyon"}"""u8.ToArray() };

        var json = EnvelopeJson.Write(current, TestMessages.Registry, Json);
        var fields = StreamEntry.Fields(current, TestMessages.Registry, Json);

        Assert.Contains("\"version\":3", Encoding.UTF8.GetString(json));
        Assert.Equal((3, 3), (EnvelopeJson.Read(json).Version, StreamEntry.Read(fields, 1 << 20).Version));
        Assert.DoesNotContain("version", Encoding.UTF8.GetString(EnvelopeJson.Write(old, TestMessages.Registry, Json)));
        Assert.DoesNotContain(StreamEntry.Fields(old, TestMessages.Registry, Json), f => f.Name == "version");
        Assert.Equal(1, StreamEntry.Read(StreamEntry.Fields(old, TestMessages.Registry, Json), 1 << 20).Version);
        Assert.Equal(2, EnvelopeJson.Read(EnvelopeJson.Write(old with { Version = 2 }, TestMessages.Registry, Json)).Version);
        Assert.Throws<MalformedMessageException>(() => StreamEntry.Read([.. StreamEntry.Fields(old, TestMessages.Registry, Json), new("version", "two")], 1 << 20));
    }
}
