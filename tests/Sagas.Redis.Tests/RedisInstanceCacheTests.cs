using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// A live instance a process saved last is loaded for its next step from memory; a copy gone stale,
/// or a message handled before, is refused by the save, and the next load comes from Redis.
/// LoadAsync itself is always exact.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisInstanceCacheTests(RedisServerFixture redis) : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly StoreFactory _stores = new(redis.Address);
    private readonly string _prefix = $"cache-{Guid.NewGuid():N}:";
    private readonly SagaKey _key = new("Tests.OrderSaga", Guid.NewGuid().ToString());

    [RedisFact]
    public async Task The_next_message_to_an_instance_this_process_saved_needs_no_round_trip()
    {
        var store = _stores.Create(_prefix);
        Assert.True(await store.TryCommitAsync(Commit("Placed", 0, "m1"), None));

        var before = await ScriptCallsAsync();
        var loaded = await store.LoadForStepAsync(_key, "m2", None);
        Assert.Equal(before, await ScriptCallsAsync());

        Assert.NotNull(loaded);
        Assert.Equal(("Placed", 1L, false), (loaded.State, loaded.Version, loaded.AlreadyHandled));
        Assert.True(await store.TryCommitAsync(Commit("Paid", loaded.Version, "m2"), None));
        Assert.Equal("Paid", (await _stores.Create(_prefix).LoadAsync(_key, "-", None))!.State);
    }

    [RedisFact]
    public async Task A_copy_made_stale_by_another_worker_is_refused_and_the_next_load_reads_redis()
    {
        var store = _stores.Create(_prefix);
        var otherWorker = _stores.Create(_prefix);
        Assert.True(await store.TryCommitAsync(Commit("Placed", 0, "m1"), None));
        Assert.True(await otherWorker.TryCommitAsync(Commit("Paid", 1, "m2"), None));

        var stale = await store.LoadForStepAsync(_key, "m3", None);
        Assert.Equal(1, stale!.Version);
        Assert.False(await store.TryCommitAsync(Commit("Cancelled", stale.Version, "m3"), None));

        // LoadAsync is always exact; and the refused save dropped the copy.
        Assert.Equal(2, (await store.LoadAsync(_key, "m3", None))!.Version);
        var fresh = await store.LoadForStepAsync(_key, "m3", None);
        Assert.Equal(("Paid", 2L), (fresh!.State, fresh.Version));
    }

    [RedisFact]
    public async Task A_message_handled_before_is_refused_by_the_save_even_from_a_kept_copy()
    {
        var store = _stores.Create(_prefix);
        Assert.True(await store.TryCommitAsync(Commit("Placed", 0, "m1"), None));
        Assert.True(await store.TryCommitAsync(Commit("Paid", 1, "m2"), None));

        // m1 came again: the kept copy cannot tell, the save can.
        var copy = await store.LoadForStepAsync(_key, "m1", None);
        Assert.False(copy!.AlreadyHandled);
        Assert.False(await store.TryCommitAsync(Commit("Placed", copy.Version, "m1"), None));
        Assert.Equal(2, (await _stores.Create(_prefix).LoadAsync(_key, "-", None))!.Version);

        var loaded = await store.LoadAsync(_key, "m1", None);
        Assert.True(loaded!.AlreadyHandled);

        // The message the last save handled is never answered from the copy.
        Assert.True((await store.LoadForStepAsync(_key, "m2", None))!.AlreadyHandled);
    }

    [RedisFact]
    public async Task With_the_cache_off_every_load_reads_redis()
    {
        var store = _stores.Create(_prefix, o => o.InstanceCacheSize = 0);
        Assert.True(await store.TryCommitAsync(Commit("Placed", 0, "m1"), None));

        var before = await ScriptCallsAsync();
        Assert.Equal("Placed", (await store.LoadForStepAsync(_key, "m2", None))!.State);
        Assert.Equal(before + 1, await ScriptCallsAsync());
    }

    [RedisFact]
    public async Task A_message_unexpected_in_a_stale_copy_is_handled_in_the_state_another_worker_saved()
    {
        await using var first = Engine();
        await using var second = Engine();
        var seatId = Guid.NewGuid();
        await HandleAsync(first, new SeatRequested(seatId));
        await HandleAsync(second, new SeatHeld(seatId));

        // The first engine's copy says Holding, where a failed payment is unexpected; the instance is Held.
        await HandleAsync(first, new SeatPaymentFailed(seatId));

        var saved = await first.GetRequiredService<ISagaStore>().LoadAsync(new(SeatSaga.SagaDefinition.Instance.Name, seatId.ToString("D")), "-", None);
        Assert.Equal(3, saved!.Version);
        Assert.NotEqual("Held", saved.State);
    }

    public void Dispose() => _stores.Dispose();

    private ServiceProvider Engine()
    {
        var services = new ServiceCollection();
        services.AddSagas().UseRedis(redis.Address, o => o.KeyPrefix = _prefix);
        return services.BuildServiceProvider();
    }

    private static Task HandleAsync(ServiceProvider engine, object message) =>
        engine.GetRequiredService<SagaEngine>().HandleAsync(TestMessages.Wrap(message), None).AsTask();

    private SagaCommit Commit(string state, long expectedVersion, string messageId) =>
        new(_key, state, "{}", IsFinal: false, expectedVersion, messageId, []);

    private async Task<long> ScriptCallsAsync()
    {
        using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Address + ",allowAdmin=true");
        var stats = (await admin.GetServer(redis.Address).InfoAsync("commandstats")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        return new[] { "cmdstat_evalsha", "cmdstat_eval" }.Sum(name =>
            stats.TryGetValue(name, out var value) ? long.Parse(value.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0);
    }
}
