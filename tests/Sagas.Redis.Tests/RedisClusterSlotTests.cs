using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>What a save really writes on a server lands in the instance's Redis Cluster slot, and the read model's in the saga type's.</summary>
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
        // On one server the save's script also keeps the read model of saga states, whose keys are
        // in the saga type's slot; on a cluster a script of its own writes them (RedisClusterStateIndexTests).
        var readModel = written.Where(k => k.StartsWith(prefix + "states:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, readModel.Length); // the state names, the instances in Running
        Assert.All(readModel, k => Assert.Equal(ClusterSlot.Of("{Tests.OrderSaga}"), ClusterSlot.Of(k)));
        var instance = written.Except(readModel).ToArray();
        Assert.Equal(4, instance.Length); // state, inbox, outbox, history
        Assert.All(instance, k => Assert.Equal(ClusterSlot.Of("{Tests.OrderSaga:order-42}"), ClusterSlot.Of(k)));
    }

    public void Dispose() => _stores.Dispose();
}
