using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// The read model of saga states on a three-master Redis Cluster, where it lives in its saga type's
/// slot, not the instances': updated just after each save, a late update never undoes a newer one,
/// and a rebuild from the instances on every master restores it exactly.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterStateIndexTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string Payment = PaymentSaga.SagaDefinition.Instance.Name;
    private readonly string _prefix = $"cluster-index-{Guid.NewGuid():N}:";
    private ServiceProvider _services = null!;
    private ConnectionMultiplexer _raw = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSagas().UseRedis(cluster.Configuration, o => o.KeyPrefix = _prefix);
        _services = services.BuildServiceProvider();
        _raw = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _raw.DisposeAsync();
    }

    [RedisFact]
    public async Task It_follows_the_steps_and_a_rebuild_from_every_master_restores_it_exactly()
    {
        var index = _services.GetRequiredService<ISagaStateIndex>();
        var orders = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var order in orders)
        {
            await HandleAsync(TestMessages.Wrap(new OrderPlaced(order, 3m)));
        }

        foreach (var order in orders.Take(10))
        {
            await HandleAsync(TestMessages.Wrap(new PaymentCaptured(order, "pay")));
        }

        var expected = new[] { new SagaStateCount("AwaitingPayment", 20), new SagaStateCount("Paid", 10) };
        await EventuallyAsync(async () => (await index.CountByStateAsync(Payment, None)).SequenceEqual(expected));
        var waiting = await index.ListAsync(Payment, "AwaitingPayment", null, 0, 100, None);
        Assert.Equal(orders.Skip(10).Select(o => o.ToString("D")).Order(), waiting.Select(e => e.CorrelationKey).Order());
        Assert.Equal(waiting.OrderBy(e => e.ChangedAt).Select(e => e.CorrelationKey), waiting.Select(e => e.CorrelationKey)); // oldest change first
        var before = await RedisStateIndexTests.SnapshotAsync(index, Payment);

        // The instances are spread over the masters; the read model is one slot of one of them.
        var keys = new RedisKeys(_prefix);
        Assert.True(orders.Select(o => _raw.HashSlot(keys.State(new SagaKey(Payment, o.ToString("D"))))).Distinct().Count() > 1);
        await DeleteReadModelAsync(keys, ["AwaitingPayment", "Paid"]);
        Assert.Empty(await index.CountByStateAsync(Payment, None));

        Assert.Equal(30, await index.RebuildAsync(Payment, None));
        Assert.Equal(before, await RedisStateIndexTests.SnapshotAsync(index, Payment));

        // After a rebuild the versions are known again: the next step applies, a stale one does not.
        await HandleAsync(TestMessages.Wrap(new PaymentCaptured(orders[10], "pay")));
        await EventuallyAsync(async () => (await index.CountByStateAsync(Payment, None)).Contains(new SagaStateCount("Paid", 11)));
        Assert.Equal(0, await UpdateAsync(keys, orders[10].ToString("D"), version: 1, "AwaitingPayment", final: false));
        Assert.Equal([new SagaStateCount("AwaitingPayment", 19), new SagaStateCount("Paid", 11)], await index.CountByStateAsync(Payment, None));
    }

    [RedisFact]
    public async Task Updates_arriving_out_of_order_end_with_the_newest_and_a_key_may_start_again_once_finished()
    {
        var index = _services.GetRequiredService<ISagaStateIndex>();
        var keys = new RedisKeys(_prefix);

        // Version 3 overtakes version 2 (two workers): 2 arrives late and changes nothing.
        Assert.Equal(1, await UpdateAsync(keys, "k", 1, "A", final: false));
        Assert.Equal(1, await UpdateAsync(keys, "k", 3, "C", final: false));
        Assert.Equal(0, await UpdateAsync(keys, "k", 2, "B", final: false));
        Assert.Equal(0, await UpdateAsync(keys, "k", 3, "C", final: false));
        Assert.Equal([new SagaStateCount("C", 1)], await index.CountByStateAsync(Payment, None));
        Assert.Empty(await index.ListAsync(Payment, "A", null, 0, 10, None));

        // Finished: a late version 1 changes nothing; once the finished one has expired from the
        // store (the completed retention, a day here), the same key may begin a new instance.
        var finished = DateTimeOffset.UtcNow;
        Assert.Equal(1, await UpdateAsync(keys, "k", 4, "Done", final: true, finished));
        Assert.Equal(0, await UpdateAsync(keys, "k", 1, "A", final: false, finished.AddSeconds(1)));
        Assert.Equal(1, await UpdateAsync(keys, "k", 1, "A", final: false, finished.AddDays(1)));
        Assert.Empty(await index.ListAsync(Payment, "Done", null, 0, 10, None));
        Assert.Equal(["k"], (await index.ListAsync(Payment, "A", null, 0, 10, None)).Select(e => e.CorrelationKey));
    }

    [RedisFact]
    public async Task The_plain_commit_on_a_cluster_keeps_it_too()
    {
        using var stores = new StoreFactory(cluster.Configuration);
        var store = stores.Create(_prefix);
        for (var i = 0; i < 10; i++)
        {
            var key = new SagaKey(Payment, $"plain-{i}");
            Assert.True(await store.TryCommitAsync(new SagaCommit(key, "AwaitingPayment", "{}", false, 0, $"m{i}", []), None));
            if (i < 4)
            {
                Assert.True(await store.TryCommitAsync(new SagaCommit(key, "Paid", "{}", true, 1, $"n{i}", [], "AwaitingPayment"), None));
            }
        }

        Assert.True(await store.TryCommitAsync(new SagaCommit(new SagaKey(Payment, "record"), "Handled", "{}", false, 0, "r", []) { IsHandlerRecord = true }, None));
        var expected = new[] { new SagaStateCount("AwaitingPayment", 6), new SagaStateCount("Paid", 4) };
        await EventuallyAsync(async () => (await store.CountByStateAsync(Payment, None)).SequenceEqual(expected));
        var before = await RedisStateIndexTests.SnapshotAsync(store, Payment);
        Assert.Equal(10, await store.RebuildAsync(Payment, None));
        Assert.Equal(before, await RedisStateIndexTests.SnapshotAsync(store, Payment));
    }

    [RedisFact]
    public async Task A_deleted_instance_leaves_it_just_after_from_the_state_it_holds_and_a_newer_one_under_its_key_stays()
    {
        using var stores = new StoreFactory(cluster.Configuration);
        var store = stores.Create(_prefix);
        var keys = new RedisKeys(_prefix);
        var slot = _raw.HashSlot(keys.StateNames(Payment));
        var (gone, lost) = ("gone", "lost"); // in other slots than the read model's (asserted): forgotten after the delete
        Assert.All(new[] { gone, lost }, k => Assert.NotEqual(slot, _raw.HashSlot(keys.State(new SagaKey(Payment, k)))));
        Assert.True(await store.TryCommitAsync(new SagaCommit(new SagaKey(Payment, gone), "AwaitingPayment", "{}", false, 0, "g1", []), None));
        Assert.True(await store.TryCommitAsync(new SagaCommit(new SagaKey(Payment, gone), "Paid", "{}", true, 1, "g2", [], "AwaitingPayment"), None));
        Assert.True(await store.TryCommitAsync(new SagaCommit(new SagaKey(Payment, lost), "AwaitingPayment", "{}", false, 0, "l1", []), None));
        var expected = new[] { new SagaStateCount("AwaitingPayment", 1), new SagaStateCount("Paid", 1) };
        await EventuallyAsync(async () => (await store.CountByStateAsync(Payment, None)).SequenceEqual(expected));

        // "lost" finished, but the read model never heard (its update lost): it still holds it as live.
        await _raw.GetDatabase().HashSetAsync(keys.State(new SagaKey(Payment, lost)), [new("state", "Paid"), new("final", "1"), new("version", "2")]);
        Assert.Equal(SagaDeletion.Deleted, await store.DeleteFinishedAsync(new SagaKey(Payment, gone), None));
        Assert.Equal(SagaDeletion.Deleted, await store.DeleteFinishedAsync(new SagaKey(Payment, lost), None));

        Assert.Empty(await store.CountByStateAsync(Payment, None));
        Assert.Empty(await _raw.GetDatabase().HashGetAllAsync(keys.StateMembers(Payment)));

        // A new instance under a deleted key, saved since: a late forgetting of the old one leaves it.
        Assert.Equal(1, await UpdateAsync(keys, gone, 1, "AwaitingPayment", final: false));
        var forgotten = await _raw.GetDatabase().ScriptEvaluateAsync(
            SagaStateScripts.Forget,
            [keys.StateNames(Payment), keys.StateMembers(Payment)],
            [gone, keys.StatesRoot(Payment), "Paid", DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()]);
        Assert.Equal(0, (long)forgotten);
        Assert.Equal([new SagaStateCount("AwaitingPayment", 1)], await store.CountByStateAsync(Payment, None));
    }

    // The script the store sends after a save on a cluster, sent here by hand to play a late arrival.
    private async Task<long> UpdateAsync(RedisKeys keys, string correlationKey, long version, string state, bool final, DateTimeOffset? savedAt = null) =>
        (long)await _raw.GetDatabase().ScriptEvaluateAsync(
            SagaStateScripts.Update,
            [keys.StateNames(Payment), keys.StateMembers(Payment), keys.InState(Payment, state, final)],
            [correlationKey, version, state, final ? 1 : 0, (long)TimeSpan.FromDays(1).TotalMilliseconds, keys.StatesRoot(Payment), (savedAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds()]);

    private async Task DeleteReadModelAsync(RedisKeys keys, string[] states)
    {
        var database = _raw.GetDatabase();
        foreach (var state in states)
        {
            await database.KeyDeleteAsync([keys.InState(Payment, state, false), keys.InState(Payment, state, true)]);
        }

        await database.KeyDeleteAsync([keys.StateNames(Payment), keys.StateMembers(Payment)]);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var waited = 0; !await condition(); waited += 20)
        {
            Assert.True(waited < 5000, "The read model did not catch up within 5 s.");
            await Task.Delay(20);
        }
    }

    private Task HandleAsync(Envelope envelope) =>
        _services.GetRequiredService<SagaEngine>().HandleAsync(envelope, CancellationToken.None).AsTask();
}
