using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// The read model of saga states on one redis-server, kept in the save's own script: by the plain
/// commit (a store without the Redis transport) and by the one-script step (the engine on Redis).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStateIndexTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string Saga = "Tests.ShopSaga";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string Payment = PaymentSaga.SagaDefinition.Instance.Name;
    private readonly StoreFactory _stores = new(redis.Address);
    private readonly string _prefix = $"index-{Guid.NewGuid():N}:";
    private ServiceProvider _services = null!;
    private ConnectionMultiplexer _raw = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSagas().UseRedis(redis.Address, o => o.KeyPrefix = _prefix);
        _services = services.BuildServiceProvider();
        _raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _raw.DisposeAsync();
        _stores.Dispose();
    }

    [RedisFact]
    public async Task The_engine_on_Redis_keeps_counts_and_lists_in_its_one_script_step()
    {
        var index = _services.GetRequiredService<ISagaStateIndex>();
        Assert.IsType<RedisSagaStore>(index);
        var orders = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        foreach (var order in orders)
        {
            await HandleAsync(TestMessages.Wrap(new OrderPlaced(order, 3m)));
            await Task.Delay(5); // distinct times of change
        }

        Assert.Equal([new SagaStateCount("AwaitingPayment", 3)], await index.CountByStateAsync(Payment, None));
        var waiting = await index.ListAsync(Payment, "AwaitingPayment", null, 0, 10, None);
        Assert.Equal(orders.Select(o => o.ToString("D")), waiting.Select(e => e.CorrelationKey));
        Assert.All(waiting, e => Assert.InRange(e.ChangedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)));

        await HandleAsync(TestMessages.Wrap(new PaymentCaptured(orders[0], "pay-1")));
        Assert.Equal([new SagaStateCount("AwaitingPayment", 2), new SagaStateCount("Paid", 1)], await index.CountByStateAsync(Payment, None));
        Assert.Equal([orders[0].ToString("D")], (await index.ListAsync(Payment, "Paid", null, 0, 10, None)).Select(e => e.CorrelationKey));
        Assert.Equal([orders[2].ToString("D")], (await index.ListAsync(Payment, "AwaitingPayment", null, 1, 5, None)).Select(e => e.CorrelationKey));
    }

    [RedisFact]
    public async Task The_plain_commit_keeps_it_and_the_stuck_ones_are_one_query()
    {
        var store = _stores.Create(_prefix);
        await CommitAsync(store, "old", 0, "Open");
        await Task.Delay(20);
        await CommitAsync(store, "middle", 0, "Open");
        await Task.Delay(20);
        var cutoff = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await CommitAsync(store, "new", 0, "Open");

        var all = await store.ListAsync(Saga, "Open", null, 0, 10, None);
        Assert.Equal(["old", "middle", "new"], all.Select(e => e.CorrelationKey));
        Assert.True(all[0].ChangedAt <= all[1].ChangedAt && all[1].ChangedAt <= all[2].ChangedAt);
        Assert.Equal(["old", "middle"], (await store.ListAsync(Saga, "Open", cutoff, 0, 10, None)).Select(e => e.CorrelationKey));

        // A step moves an instance to the end of its new state; a participant's record is no saga.
        await CommitAsync(store, "old", 1, "Shipped", from: "Open");
        Assert.True(await store.TryCommitAsync(new SagaCommit(new SagaKey(Saga, "record"), "Handled", "{}", false, 0, "r-1", []) { IsHandlerRecord = true }, None));
        Assert.Equal([new SagaStateCount("Open", 2), new SagaStateCount("Shipped", 1)], await store.CountByStateAsync(Saga, None));
        Assert.Equal(["middle", "new"], (await store.ListAsync(Saga, "Open", null, 0, 10, None)).Select(e => e.CorrelationKey));
        Assert.Equal(3, await store.RebuildAsync(Saga, None)); // the record is left out of a rebuild too
        Assert.Equal([new SagaStateCount("Open", 2), new SagaStateCount("Shipped", 1)], await store.CountByStateAsync(Saga, None));
    }

    [RedisFact]
    public async Task Finished_instances_leave_it_with_the_completed_retention_and_are_trimmed()
    {
        var store = _stores.Create(_prefix, o => o.CompletedRetention = TimeSpan.FromMilliseconds(300));
        await CommitAsync(store, "first", 0, "Done", final: true);
        await CommitAsync(store, "live", 0, "Open");
        Assert.Equal([new SagaStateCount("Done", 1), new SagaStateCount("Open", 1)], await store.CountByStateAsync(Saga, None));

        await Task.Delay(500); // the first's state hash has expired: reads skip it
        Assert.Equal([new SagaStateCount("Open", 1)], await store.CountByStateAsync(Saga, None));
        Assert.Empty(await store.ListAsync(Saga, "Done", null, 0, 10, None));

        await CommitAsync(store, "second", 0, "Done", final: true); // finishing trims what expired
        var done = Keys().InState(Saga, "Done", final: true);
        Assert.Equal(["second"], (await _raw.GetDatabase().SortedSetRangeByRankAsync(done)).Select(m => (string)m!));
        Assert.Equal(["live"], (await store.ListAsync(Saga, "Open", null, 0, 10, None)).Select(e => e.CorrelationKey)); // live ones never expire
    }

    [RedisFact]
    public async Task A_rebuild_restores_it_exactly_after_its_keys_were_deleted_or_corrupted()
    {
        var store = _stores.Create(_prefix);
        for (var i = 0; i < 30; i++)
        {
            await CommitAsync(store, $"k{i}", 0, "Open");
            if (i % 3 == 0)
            {
                await CommitAsync(store, $"k{i}", 1, i % 2 == 0 ? "Shipped" : "Cancelled", from: "Open", final: i % 2 != 0);
            }
        }

        var before = await SnapshotAsync(store);
        Assert.Equal(3, before.Counts.Count);

        var database = _raw.GetDatabase();
        foreach (var key in _raw.GetServers()[0].Keys(pattern: _prefix + "states:*"))
        {
            await database.KeyDeleteAsync(key);
        }

        Assert.Empty(await store.CountByStateAsync(Saga, None));
        Assert.Equal(30, await store.RebuildAsync(Saga, None));
        Assert.Equal(before, await SnapshotAsync(store));

        // Corrupted: an instance listed twice, one that does not exist, a state nobody is in.
        await database.SortedSetAddAsync(Keys().InState(Saga, "Shipped", final: false), "k1", 1);
        await database.SortedSetAddAsync(Keys().InState(Saga, "Ghost", final: false), "nobody", 1);
        await database.SetAddAsync(Keys().StateNames(Saga), "Ghost");
        Assert.NotEqual(before, await SnapshotAsync(store));
        Assert.Equal(30, await store.RebuildAsync(Saga, None));
        Assert.Equal(before, await SnapshotAsync(store));
    }

    [RedisFact]
    public async Task A_rebuild_of_instances_saved_before_the_read_model_takes_their_time_from_the_history()
    {
        var store = _stores.Create(_prefix);
        await CommitAsync(store, "legacy", 0, "Open");
        var before = await SnapshotAsync(store);
        await _raw.GetDatabase().HashDeleteAsync(Keys().State(new SagaKey(Saga, "legacy")), "changed");

        Assert.Equal(1, await store.RebuildAsync(Saga, None));
        Assert.Equal(before, await SnapshotAsync(store));
    }

    internal static async Task<Snapshot> SnapshotAsync(ISagaStateIndex index, string saga = Saga)
    {
        var counts = await index.CountByStateAsync(saga, None);
        var entries = new List<SagaStateEntry>();
        foreach (var count in counts)
        {
            entries.AddRange(await index.ListAsync(saga, count.State, null, 0, 1000, None));
        }

        return new Snapshot(counts, entries);
    }

    private static async Task CommitAsync(RedisSagaStore store, string key, long version, string state, string? from = null, bool final = false) =>
        Assert.True(await store.TryCommitAsync(new SagaCommit(new SagaKey(Saga, key), state, "{}", final, version, $"{key}-{version}", [], from), None));

    private RedisKeys Keys() => new(_prefix);

    private Task HandleAsync(Envelope envelope) =>
        _services.GetRequiredService<SagaEngine>().HandleAsync(envelope, CancellationToken.None).AsTask();

    /// <summary>Everything the read model answers for a saga type, compared as a whole.</summary>
    internal sealed record Snapshot(IReadOnlyList<SagaStateCount> Counts, IReadOnlyList<SagaStateEntry> Entries)
    {
        public bool Equals(Snapshot? other) => other is not null && Counts.SequenceEqual(other.Counts) && Entries.SequenceEqual(other.Entries);

        public override int GetHashCode() => Counts.Count;

        public override string ToString() => string.Join("; ", Entries.Select(e => $"{e.State}/{e.CorrelationKey}@{e.ChangedAt.ToUnixTimeMilliseconds()}"));
    }
}
