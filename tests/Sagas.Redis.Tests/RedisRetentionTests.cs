using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>What the store keeps, and for how long: inbox ids within their window, finished instances for their retention.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRetentionTests(RedisServerFixture redis) : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly StoreFactory _stores = new(redis.Address);
    private readonly string _prefix = $"retention-{Guid.NewGuid():N}:";
    private readonly SagaKey _key = new("Tests.OrderSaga", Guid.NewGuid().ToString());
    private ConnectionMultiplexer? _raw;

    [RedisFact]
    public async Task Inbox_ids_older_than_the_window_are_trimmed_on_the_next_save()
    {
        var store = _stores.Create(_prefix, o => o.InboxRetention = TimeSpan.FromMilliseconds(1));
        Assert.True(await store.TryCommitAsync(Commit(0, "m1"), None));
        await Task.Delay(20); // older than the 1 ms window by the time of the next save

        Assert.True(await store.TryCommitAsync(Commit(1, "m2"), None));

        Assert.False((await store.LoadAsync(_key, "m1", None))!.AlreadyHandled);
        Assert.True((await store.LoadAsync(_key, "m2", None))!.AlreadyHandled);
    }

    [RedisFact]
    public async Task Inbox_ids_within_the_window_stay()
    {
        var store = _stores.Create(_prefix);
        Assert.True(await store.TryCommitAsync(Commit(0, "m1"), None));

        Assert.True(await store.TryCommitAsync(Commit(1, "m2"), None));

        Assert.True((await store.LoadAsync(_key, "m1", None))!.AlreadyHandled);
    }

    [RedisFact]
    public async Task A_finished_instance_expires_after_the_completed_retention_but_its_outbox_does_not()
    {
        var store = _stores.Create(_prefix, o => o.CompletedRetention = TimeSpan.FromHours(1));
        var outbox = TestMessages.Wrap(new OrderPlaced(Guid.NewGuid(), 1m));
        Assert.True(await store.TryCommitAsync(Commit(0, "m1"), None));
        var keys = new RedisKeys(_prefix);
        var raw = await RawAsync();
        Assert.Null(await raw.KeyTimeToLiveAsync(keys.State(_key)));

        Assert.True(await store.TryCommitAsync(Commit(1, "m2", isFinal: true, outbox: [outbox]), None));

        Assert.InRange((await raw.KeyTimeToLiveAsync(keys.State(_key)))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.InRange((await raw.KeyTimeToLiveAsync(keys.Inbox(_key)))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Null(await raw.KeyTimeToLiveAsync(keys.Outbox(_key)));
    }

    public void Dispose()
    {
        _stores.Dispose();
        _raw?.Dispose();
    }

    private SagaCommit Commit(long expectedVersion, string messageId, bool isFinal = false, IReadOnlyList<Envelope>? outbox = null) =>
        new(_key, isFinal ? "Done" : "Running", "{}", isFinal, expectedVersion, messageId, outbox ?? []);

    private async Task<IDatabase> RawAsync() => (_raw ??= await ConnectionMultiplexer.ConnectAsync(redis.Address)).GetDatabase();
}
