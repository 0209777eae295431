using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// The Redis store on a real three-master Redis Cluster: every script touches the keys of one
/// instance only, which share a slot, so no command fails with CROSSSLOT.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private readonly string _prefix = $"cluster-{Guid.NewGuid():N}:";
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSagas().UseRedis(cluster.Configuration, o => o.KeyPrefix = _prefix);
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _services.DisposeAsync().AsTask();

    [RedisFact]
    public async Task Sagas_spread_over_the_masters_run_to_their_final_state()
    {
        var orderIds = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();

        foreach (var orderId in orderIds)
        {
            await HandleAsync(TestMessages.Wrap(new OrderPlaced(orderId, 3m)));
            await HandleAsync(TestMessages.Wrap(new PaymentCaptured(orderId, "pay")));
        }

        foreach (var orderId in orderIds)
        {
            var saved = await LoadAsync(orderId);
            Assert.NotNull(saved);
            Assert.Equal("Paid", saved.State);
            Assert.Equal(2, saved.Version);
        }

        // Ask each master which of this test's keys it holds, and which slots it serves.
        using var raw = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration + ",allowAdmin=true"); // CLUSTER NODES
        var keysByPort = new Dictionary<int, string[]>();
        foreach (var port in cluster.Ports)
        {
            var server = raw.GetServer("127.0.0.1", port);
            var slots = (await server.ClusterNodesAsync())!.Nodes.Single(n => n.IsMyself).Slots;
            var keys = server.Keys(pattern: _prefix + "*", pageSize: 1000).Select(k => (string)k!).ToArray();
            Assert.All(keys, k => Assert.Contains(slots, range => range.From <= ClusterSlot.Of(k) && ClusterSlot.Of(k) <= range.To));
            keysByPort[port] = keys;
        }

        // State, inbox and history of every instance, each instance's keys on one master (the read
        // model of saga states, one slot for the saga type, is counted apart).
        var all = keysByPort.SelectMany(p => p.Value.Select(k => (Port: p.Key, Key: k))).Where(k => !k.Key.StartsWith(_prefix + "states:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3 * orderIds.Length, all.Length);
        Assert.All(orderIds, id => Assert.Single(all.Where(k => k.Key.Contains(id.ToString("D"))).Select(k => k.Port).Distinct()));
        var mastersUsed = keysByPort.Count(p => p.Value.Length > 0);
        Assert.True(mastersUsed > 1, $"All {orderIds.Length} instances landed on one master: the test proves nothing about slots.");
    }

    [RedisFact]
    public async Task The_history_is_readable_on_the_cluster()
    {
        var orderId = Guid.NewGuid();
        var placed = TestMessages.Wrap(new OrderPlaced(orderId, 3m));
        var captured = TestMessages.Wrap(new PaymentCaptured(orderId, "pay"));

        await HandleAsync(placed);
        await HandleAsync(captured);

        var store = (RedisSagaStore)_services.GetRequiredService<ISagaStore>();
        var history = await store.GetHistoryAsync(Key(orderId), CancellationToken.None);
        Assert.Equal(
            [(placed.MessageId, (string?)null, "AwaitingPayment"), (captured.MessageId, "AwaitingPayment", "Paid")],
            history.Select(h => (h.MessageId, h.FromState, h.ToState)));
    }

    [RedisFact]
    public async Task Workers_run_sagas_over_streams_partitions_and_timeouts_on_the_cluster()
    {
        // Four partitions put the streams in four slots; the schedule and the sagas in others.
        await using var app = await StreamsApp.StartAsync(cluster.Configuration, _prefix, streams: o => o.Partitions = 4);
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();

        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            // A lost parcel times out soon; the others get a minute, so a loaded machine never makes a reply lose the race.
            var lost = i % 4 == 0;
            await app.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: lost ? 300 : 60_000, ParcelGetsLost: lost));
        }

        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await app.FinishedAsync(id, seconds: 60);
            Assert.Equal(i % 4 == 0 ? "Overdue" : "Dispatched", app.TransitionsOf(id)[^1].ToState);
        }
    }

    [RedisFact]
    public async Task A_step_whose_keys_span_slots_is_saved_with_its_outbox_for_the_engine_to_relay()
    {
        // One script may touch one slot: the instance's keys and the stream it sends to are in two.
        var store = (RedisSagaStore)_services.GetRequiredService<ISagaStore>();
        var orderId = Guid.NewGuid();
        var sent = TestMessages.Wrap(new PaymentCaptured(orderId, "pay"), orderId.ToString("D"), "m1");

        var result = await store.TryCommitAndDeliverAsync(new SagaCommit(Key(orderId), "AwaitingPayment", "{}", false, 0, "m1", [sent]), CancellationToken.None);

        Assert.Equal(SagaCommitResult.Saved, result);
        using var raw = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration);
        Assert.True(await raw.GetDatabase().HashExistsAsync(new RedisKeys(_prefix).Outbox(Key(orderId)), sent.MessageId));
    }

    private static SagaKey Key(Guid orderId) => new(PaymentSaga.SagaDefinition.Instance.Name, orderId.ToString("D"));

    private Task HandleAsync(Envelope envelope) =>
        _services.GetRequiredService<SagaEngine>().HandleAsync(envelope, CancellationToken.None).AsTask();

    private Task<SagaSnapshot?> LoadAsync(Guid orderId) =>
        _services.GetRequiredService<ISagaStore>().LoadAsync(Key(orderId), "-", CancellationToken.None).AsTask();
}
