using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// The admin API's maintenance on one redis-server: an instance's scheduled messages (scheduled in
/// its step's own script) and outbox not yet relayed, the deletion of a finished instance with every
/// key and its read-model entry, and the backlog of every service sharing the streams.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisAdminTests(RedisServerFixture redis) : IDisposable
{
    private const string Saga = "Tests.ShopSaga";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string Shipment = ShipmentSaga.SagaDefinition.Instance.Name;
    private readonly StoreFactory _stores = new(redis.Address);
    private readonly string _prefix = $"admin-{Guid.NewGuid():N}:";

    public void Dispose() => _stores.Dispose();

    [RedisFact]
    public async Task An_instance_shows_the_timeout_its_step_scheduled_is_refused_while_live_and_deleted_once_finished()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        var admin = app.Services.GetRequiredService<ISagaAdmin>();
        var (waiting, other) = (Guid.NewGuid(), Guid.NewGuid());
        var before = DateTimeOffset.UtcNow;
        await app.Bus.PublishAsync(new ShipmentRequested(waiting, OverdueAfterMs: 600_000, ParcelGetsLost: true));
        await app.Bus.PublishAsync(new ShipmentRequested(other, OverdueAfterMs: 600_000, ParcelGetsLost: true));
        await StreamsApp.EventuallyAsync(() => app.TransitionsOf(waiting).Count == 1 && app.TransitionsOf(other).Count == 1, "both shipments started");

        var details = await admin.GetInstanceAsync(Shipment, waiting.ToString("D"), None);
        var overdue = Assert.Single(details!.Scheduled);
        Assert.Equal(("test.shipment-overdue", waiting.ToString("D")), (overdue.MessageType, overdue.CorrelationId));
        Assert.InRange(overdue.DeliverAt!.Value, before.AddMinutes(10).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(10).AddSeconds(1));
        Assert.Contains(waiting.ToString("D"), System.Text.Encoding.UTF8.GetString(overdue.Body.Span), StringComparison.Ordinal);
        Assert.Empty(details.PendingOutbox);

        // One scheduled by the scheduler itself, sooner: listed first.
        var sooner = TestMessages.Wrap(new ShipmentOverdue(waiting), waiting.ToString("D")) with { DeliverAt = DateTimeOffset.UtcNow.AddMinutes(5) };
        await app.Services.GetRequiredService<IMessageScheduler>().ScheduleAsync(sooner, Shipment, None);
        var both = (await admin.GetInstanceAsync(Shipment, waiting.ToString("D"), None))!.Scheduled;
        Assert.Equal([sooner.MessageId, overdue.MessageId], both.Select(e => e.MessageId));
        var live = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.DeleteAsync(Shipment, waiting.ToString("D"), "ops", None).AsTask());
        Assert.Contains("live", live.Message, StringComparison.Ordinal);

        await app.Bus.PublishAsync(new ParcelDispatched(waiting));
        await app.FinishedAsync(waiting);
        Assert.Empty((await admin.GetInstanceAsync(Shipment, waiting.ToString("D"), None))!.Scheduled); // cancelled by the step
        Assert.Single((await admin.GetInstanceAsync(Shipment, other.ToString("D"), None))!.Scheduled);
        Assert.Equal([new SagaStateCount("Dispatching", 1), new SagaStateCount("Dispatched", 1), new SagaStateCount("Overdue", 0)], await CountsAsync(admin));

        Assert.True(await admin.DeleteAsync(Shipment, waiting.ToString("D"), "ops@example.com", None));

        Assert.Null(await admin.GetInstanceAsync(Shipment, waiting.ToString("D"), None));
        Assert.Equal([new SagaStateCount("Dispatching", 1), new SagaStateCount("Dispatched", 0), new SagaStateCount("Overdue", 0)], await CountsAsync(admin));
        Assert.False(await admin.DeleteAsync(Shipment, waiting.ToString("D"), "ops@example.com", None));
    }

    [RedisFact]
    public async Task A_finished_instance_is_deleted_with_every_key_and_its_read_model_entry_and_the_key_can_start_again()
    {
        var store = _stores.Create(_prefix);
        var done = new SagaKey(Saga, "done");
        await CommitAsync(store, "done", 0, "Open");
        await CommitAsync(store, "done", 1, "Closed", from: "Open", final: true);
        await CommitAsync(store, "live", 0, "Open");
        Assert.Equal([new SagaStateCount("Closed", 1), new SagaStateCount("Open", 1)], await store.CountByStateAsync(Saga, None));

        Assert.Equal(SagaDeletion.NotFinished, await store.DeleteFinishedAsync(new SagaKey(Saga, "live"), None));
        Assert.Equal(SagaDeletion.Deleted, await store.DeleteFinishedAsync(done, None));

        Assert.Equal([new SagaStateCount("Open", 1)], await store.CountByStateAsync(Saga, None));
        Assert.Empty(await store.ListAsync(Saga, "Closed", null, 0, 10, None));
        Assert.Null(await store.LoadAsync(done, "-", None));
        Assert.Empty(await store.GetHistoryAsync(done, None));
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        Assert.Empty(raw.GetServers()[0].Keys(pattern: _prefix + "saga:{" + Saga + ":done}*"));
        Assert.False(await raw.GetDatabase().KeyExistsAsync(Keys().InState(Saga, "Closed", final: true)));
        Assert.Equal(SagaDeletion.NotFound, await store.DeleteFinishedAsync(done, None));

        // The key starts a new instance, which the read model counts again.
        await CommitAsync(store, "done", 0, "Open");
        Assert.Equal([new SagaStateCount("Open", 2)], await store.CountByStateAsync(Saga, None));
    }

    [RedisFact]
    public async Task An_outbox_not_yet_relayed_is_read_back_oldest_first_and_keeps_the_instance_from_deletion()
    {
        var store = _stores.Create(_prefix);
        var key = new SagaKey(Saga, "unsent");
        var first = TestMessages.Wrap(new OrderPlaced(Guid.NewGuid(), 3m), "unsent");
        var second = TestMessages.Wrap(new PaymentCaptured(Guid.NewGuid(), "pay-1"), "unsent") with { SentAt = first.SentAt.AddSeconds(1) };
        Assert.True(await store.TryCommitAsync(new SagaCommit(key, "Closed", "{}", true, 0, "m-1", [second, first]), None));

        var outbox = await store.GetPendingOutboxAsync(key, None);

        Assert.Equal([first.MessageId, second.MessageId], outbox.Select(e => e.MessageId));
        Assert.Equal(["test.order-placed", "test.payment-captured"], outbox.Select(e => e.MessageType));
        Assert.Contains("pay-1", System.Text.Encoding.UTF8.GetString(outbox[1].Body.Span), StringComparison.Ordinal);
        Assert.Equal(SagaDeletion.OutboxPending, await store.DeleteFinishedAsync(key, None));
        Assert.NotNull(await store.LoadAsync(key, "-", None));

        await store.RemoveFromOutboxAsync(key, [first.MessageId, second.MessageId], None);
        Assert.Empty(await store.GetPendingOutboxAsync(key, None));
        Assert.Equal(SagaDeletion.Deleted, await store.DeleteFinishedAsync(key, None));
        Assert.Empty(await store.GetPendingOutboxAsync(new SagaKey(Saga, "nobody"), None));
    }

    [RedisFact]
    public async Task The_backlog_lists_every_service_reading_the_streams_with_its_lag_and_pending()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, streams: s => s.Partitions = 1);
        var stream = _prefix + "stream:{p0}:test.shipment-requested";
        for (var i = 0; i < 3; i++)
        {
            await app.Bus.PublishAsync(new ShipmentRequested(Guid.NewGuid(), OverdueAfterMs: 60_000));
        }

        // Another service on the same Redis, which has read nothing yet.
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        Assert.True(await raw.GetDatabase().StreamCreateConsumerGroupAsync(stream, "billing", StreamPosition.Beginning));
        await raw.GetDatabase().StreamAddAsync(_prefix + "dead-letters", "dead.reason", "a test"); // no service's queue
        await using var receiving = app.Transport.ReceiveAsync(None).GetAsyncEnumerator();
        Assert.True(await receiving.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))); // shipping reads, acknowledges nothing

        var backlog = app.Services.GetRequiredService<ITransportBacklog>();
        IReadOnlyList<ServiceBacklog> services = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(20))
        {
            services = await backlog.GetBacklogAsync(None);
            if (services.Any(s => s is { Service: "shipping", Pending: 3 }))
            {
                break;
            }
        }

        Assert.Equal(["billing", "shipping"], services.Select(s => s.Service));
        Assert.Equal(new QueueBacklog(stream, 3, 0), Assert.Single(services[0].Queues, q => q.Queue == stream));
        Assert.Equal((3L, 0L), (services[0].Lag, services[0].Pending));
        Assert.Equal(new QueueBacklog(stream, 0, 3), Assert.Single(services[1].Queues, q => q.Queue == stream));
        Assert.Equal(3L, services[1].Pending);
        Assert.All(services.SelectMany(s => s.Queues), q => Assert.StartsWith(_prefix + "stream:", q.Queue, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<SagaStateCount>> CountsAsync(ISagaAdmin admin) =>
        Assert.Single(await admin.GetSagaTypesAsync(None), t => t.Name == Shipment).Counts;

    private static async Task CommitAsync(RedisSagaStore store, string key, long version, string state, string? from = null, bool final = false) =>
        Assert.True(await store.TryCommitAsync(new SagaCommit(new SagaKey(Saga, key), state, "{}", final, version, $"{key}-{version}", [], from), None));

    private RedisKeys Keys() => new(_prefix);
}
