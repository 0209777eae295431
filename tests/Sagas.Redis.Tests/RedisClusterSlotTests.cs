using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>What a save really writes on a server all lands in one Redis Cluster slot.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisClusterSlotTests(RedisServerFixture redis) : IDisposable
{
    private readonly StoreFactory _stores = new(redis.Address);

    [RedisFact]
    public async Task Every_key_a_save_writes_is_in_the_instance_slot()
    {
        var prefix = $"test-{Guid.NewGuid():N}:";
        var key = new SagaKey("Tests.OrderSaga", "order-42");
        var outbox = TestMessages.Wrap(new OrderPlaced(Guid.NewGuid(), 1m));
        Assert.True(await _stores.Create(prefix).TryCommitAsync(new SagaCommit(key, "Running", "{}", false, 0, "m1", [outbox]), CancellationToken.None));

        // Ask the server which keys exist rather than trusting the key builder.
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var written = ((RedisResult[])(await raw.GetDatabase().ExecuteAsync("KEYS", prefix + "*"))!)
            .Select(k => (string)k!).Order().ToArray();
        Assert.Equal(4, written.Length); // state, inbox, outbox, history
        Assert.Single(written.Select(ClusterSlot.Of).Distinct());
        Assert.Equal(ClusterSlot.Of("{Tests.OrderSaga:order-42}"), ClusterSlot.Of(written[0]));
    }

    public void Dispose() => _stores.Dispose();
}
