using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>The store's load, compare-and-set save and inbox against a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisSagaStoreTests(RedisServerFixture redis) : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly StoreFactory _stores = new(redis.Address);
    private readonly string _prefix = $"test-{Guid.NewGuid():N}:";
    private readonly SagaKey _key = new("Tests.OrderSaga", Guid.NewGuid().ToString());
    private ConnectionMultiplexer? _raw;

    [RedisFact]
    public async Task A_saved_instance_loads_back_with_its_version()
    {
        var store = _stores.Create(_prefix);

        Assert.True(await store.TryCommitAsync(Commit(expectedVersion: 0, data: "{\"n\":1}", messageId: "m1"), None));
        Assert.True(await store.TryCommitAsync(Commit(expectedVersion: 1, data: "{\"n\":2}", messageId: "m2", state: "Done"), None));

        var loaded = await store.LoadAsync(_key, "m3", None);
        Assert.Equal(new SagaSnapshot("Done", "{\"n\":2}", 2, AlreadyHandled: false), loaded);
    }

    [RedisFact]
    public async Task A_missing_instance_loads_as_null()
    {
        Assert.Null(await _stores.Create(_prefix).LoadAsync(_key, "m1", None));
    }

    [RedisFact]
    public async Task A_conflicting_save_is_rejected_and_writes_nothing()
    {
        var store = _stores.Create(_prefix);
        Assert.True(await store.TryCommitAsync(Commit(0, "{\"n\":0}", "m0"), None));

        // Two workers loaded version 1 and both try to save on it: only the first may win.
        var first = Commit(1, "{\"winner\":\"first\"}", "m1");
        var second = Commit(1, "{\"winner\":\"second\"}", "m2", outbox: [TestMessages.Wrap(new OrderPlaced(Guid.NewGuid(), 5m))]);
        Assert.True(await store.TryCommitAsync(first, None));
        Assert.False(await store.TryCommitAsync(second, None));

        var loaded = await store.LoadAsync(_key, "m2", None);
        Assert.Equal(new SagaSnapshot("Running", "{\"winner\":\"first\"}", 2, AlreadyHandled: false), loaded);
        Assert.False(await (await RawAsync()).KeyExistsAsync(Keys(_prefix).Outbox(_key)));
    }

    [RedisFact]
    public async Task Saving_a_new_instance_when_one_exists_is_rejected()
    {
        var store = _stores.Create(_prefix);
        Assert.True(await store.TryCommitAsync(Commit(0, "{\"first\":true}", "m1"), None));

        Assert.False(await store.TryCommitAsync(Commit(0, "{\"first\":false}", "m2"), None));

        var loaded = await store.LoadAsync(_key, "m1", None);
        Assert.Equal("{\"first\":true}", loaded?.Data.Json);
        Assert.Equal(1, loaded?.Version);
    }

    [RedisFact]
    public async Task The_inbox_marks_the_committed_message_as_handled_and_no_other()
    {
        var store = _stores.Create(_prefix);
        Assert.True(await store.TryCommitAsync(Commit(0, "{}", "handled-1"), None));

        Assert.True((await store.LoadAsync(_key, "handled-1", None))?.AlreadyHandled);
        Assert.False((await store.LoadAsync(_key, "another", None))?.AlreadyHandled);
    }

    [RedisFact]
    public async Task The_final_flag_is_saved_with_the_state()
    {
        var store = _stores.Create(_prefix);
        Assert.True(await store.TryCommitAsync(Commit(0, "{}", "m1", state: "Completed", isFinal: true), None));

        Assert.Equal("1", (string?)await (await RawAsync()).HashGetAsync(Keys(_prefix).State(_key), "final"));
    }

    [RedisFact]
    public async Task Two_key_prefixes_on_one_server_do_not_see_each_others_instances()
    {
        var tenantA = _stores.Create(_prefix + "a:");
        var tenantB = _stores.Create(_prefix + "b:");
        Assert.True(await tenantA.TryCommitAsync(Commit(0, "{\"tenant\":\"a\"}", "m1"), None));

        Assert.Null(await tenantB.LoadAsync(_key, "m1", None));
        Assert.True(await tenantB.TryCommitAsync(Commit(0, "{\"tenant\":\"b\"}", "m1"), None));
        Assert.Equal("{\"tenant\":\"a\"}", (await tenantA.LoadAsync(_key, "m1", None))?.Data.Json);
    }

    [RedisFact(TakesRedisAway = true)]
    public async Task The_store_reconnects_after_Redis_restarts()
    {
        var store = _stores.Create(_prefix);
        Assert.True(await store.TryCommitAsync(Commit(0, "{}", "m1"), None));

        await redis.RestartAsync(); // an empty server: nothing was persisted

        // The multiplexer reconnects in the background; saves fail until it has.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                Assert.True(await store.TryCommitAsync(Commit(0, "{\"after\":\"restart\"}", "m2"), None));
                break;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("{\"after\":\"restart\"}", (await store.LoadAsync(_key, "m2", None))?.Data.Json);
    }

    public void Dispose()
    {
        _stores.Dispose();
        _raw?.Dispose();
    }

    internal static RedisKeys Keys(string prefix) => new(prefix);

    private SagaCommit Commit(long expectedVersion, string data, string messageId, string state = "Running", bool isFinal = false, IReadOnlyList<Envelope>? outbox = null) =>
        new(_key, state, data, isFinal, expectedVersion, messageId, outbox ?? []);

    /// <summary>A plain client, to look at what the store wrote.</summary>
    private async Task<IDatabase> RawAsync() => (_raw ??= await ConnectionMultiplexer.ConnectAsync(redis.Address)).GetDatabase();
}
