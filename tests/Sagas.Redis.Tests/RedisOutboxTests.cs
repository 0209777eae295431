using System.Text.Json;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>The outbox written with a save and emptied by the relay, read back with raw commands.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisOutboxTests(RedisServerFixture redis) : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly JsonSerializerOptions Json = new SagasOptions().JsonSerializerOptions;
    private readonly StoreFactory _stores = new(redis.Address);
    private readonly string _prefix = $"test-{Guid.NewGuid():N}:";
    private readonly SagaKey _key = new("Tests.OrderSaga", Guid.NewGuid().ToString());
    private ConnectionMultiplexer? _raw;

    [RedisFact]
    public async Task Outbox_entries_are_stored_with_the_save_and_removed_once_relayed()
    {
        var store = _stores.Create(_prefix);
        var orderId = Guid.NewGuid();
        var placed = TestMessages.Wrap(new OrderPlaced(orderId, 12.5m), _key.CorrelationKey, "m1");
        var captured = TestMessages.Wrap(new PaymentCaptured(orderId, "pay-1"), _key.CorrelationKey, "m1");

        Assert.True(await store.TryCommitAsync(new SagaCommit(_key, "Running", "{}", false, 0, "m1", [placed, captured]), None));

        var outboxKey = new RedisKeys(_prefix).Outbox(_key);
        var stored = (await (await RawAsync()).HashGetAllAsync(outboxKey)).ToDictionary(e => (string)e.Name!, e => (byte[])e.Value!);
        Assert.Equal(new[] { placed.MessageId, captured.MessageId }.Order(), stored.Keys.Order());
        var read = EnvelopeJson.Read(stored[placed.MessageId]);
        Assert.Equal(("test.order-placed", _key.CorrelationKey, "m1", placed.SentAt), (read.MessageType, read.CorrelationId, read.CausationId, read.SentAt));
        Assert.True(TestMessages.Registry.TryDeserialize(read.MessageType, read.Body.Span, Json, out var message));
        Assert.Equal(new OrderPlaced(orderId, 12.5m), message);

        // The removal is sent without waiting for its reply; this connection sees it once it lands.
        var raw = await RawAsync();
        await store.RemoveFromOutboxAsync(_key, [placed.MessageId], None);
        await StreamsApp.EventuallyAsync(() => raw.HashLength(outboxKey) == 1, "the first removal to land", seconds: 10);
        Assert.Equal([captured.MessageId], (await raw.HashKeysAsync(outboxKey)).Select(k => (string)k!));

        await store.RemoveFromOutboxAsync(_key, [captured.MessageId], None);
        await StreamsApp.EventuallyAsync(() => !raw.KeyExists(outboxKey), "the outbox to be removed", seconds: 10);
    }

    [RedisFact]
    public async Task An_envelope_that_already_has_a_body_is_stored_with_that_body()
    {
        var store = _stores.Create(_prefix);
        var envelope = new Envelope { MessageId = "out-1", MessageType = "test.order-placed", Body = """{"orderId":"00000000-0000-0000-0000-000000000001","amount":3}"""u8.ToArray() };

        Assert.True(await store.TryCommitAsync(new SagaCommit(_key, "Running", "{}", false, 0, "m1", [envelope]), None));

        var stored = (byte[])(await (await RawAsync()).HashGetAsync(new RedisKeys(_prefix).Outbox(_key), "out-1"))!;
        Assert.Equal(envelope.Body.ToArray(), EnvelopeJson.Read(stored).Body.ToArray());
    }

    public void Dispose()
    {
        _stores.Dispose();
        _raw?.Dispose();
    }

    private async Task<IDatabase> RawAsync() => (_raw ??= await ConnectionMultiplexer.ConnectAsync(redis.Address)).GetDatabase();
}
