using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// A step saved and delivered in one script: its messages on their streams, its timeouts scheduled
/// and cancelled, the message it handled acknowledged; or, on a version conflict, none of it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStepDeliveryTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _prefix = $"step-{Guid.NewGuid():N}:";
    private readonly Guid _shipmentId = Guid.NewGuid();
    private StreamsApp _app = null!;
    private ConnectionMultiplexer _raw = null!;

    private RedisKeys Keys => new(_prefix);

    private IDatabase Raw => _raw.GetDatabase();

    private SagaKey Key => new(ShipmentSaga.SagaDefinition.Instance.Name, _shipmentId.ToString("D"));

    private string IncomingStream => _prefix + "stream:{p0}:test.shipment-requested";

    private string ParcelStream => _prefix + "stream:{p0}:test.dispatch-parcel";

    public async Task InitializeAsync()
    {
        _app = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, streams: s => s.Partitions = 1);
        _raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _raw.Dispose();
    }

    [RedisFact]
    public async Task One_script_saves_the_step_delivers_its_messages_schedules_cancels_and_acknowledges()
    {
        var incoming = await ReceiveShipmentRequestedAsync();
        var scheduler = _app.Services.GetRequiredService<IMessageScheduler>();
        var earlier = Overdue(TimeSpan.FromHours(1));
        await scheduler.ScheduleAsync(earlier, Key.SagaName, None);
        var parcel = TestMessages.Wrap(new DispatchParcel(_shipmentId, ParcelGetsLost: false), Key.CorrelationKey, incoming.Envelope.MessageId);
        var later = Overdue(TimeSpan.FromHours(2));

        var result = await Store.TryCommitAndDeliverAsync(Commit(incoming, expectedVersion: 0, parcel, later), None);

        Assert.Equal(SagaCommitResult.Delivered, result);
        Assert.Equal("Dispatching", (string?)await Raw.HashGetAsync(Keys.State(Key), "state"));
        Assert.False(await Raw.KeyExistsAsync(Keys.Outbox(Key)), "a delivered step leaves nothing to relay");
        var sent = Assert.Single(await FlowLog.EntriesAsync(Raw, ParcelStream));
        Assert.Equal(parcel.MessageId, sent.Field("id"));
        Assert.Equal(["test.shipment-requested", "test.dispatch-parcel"], await FlowLog.TypesAsync(Raw, Keys.Flow(Key.CorrelationKey)));
        Assert.Equal([later.MessageId], (await Raw.HashKeysAsync(Keys.ScheduleEnvelopes)).Select(k => (string)k!));
        Assert.Equal(0, (await Raw.StreamPendingAsync(IncomingStream, "shipping")).PendingMessageCount);
        Assert.True(((RedisStreamTransport.Received)incoming).AcknowledgedByStep);

        // The worker still settles the message; nothing is left to do, and nothing goes wrong.
        await incoming.AckAsync(None);
        await incoming.RetryLaterAsync(TimeSpan.Zero, countsAsAttempt: false, None);
        Assert.Equal(0, (await Raw.StreamPendingAsync(IncomingStream, "shipping")).PendingMessageCount);
        Assert.Single(await FlowLog.EntriesAsync(Raw, ParcelStream));
    }

    [RedisFact]
    public async Task A_step_that_loses_the_version_race_writes_sends_and_acknowledges_nothing()
    {
        var incoming = await ReceiveShipmentRequestedAsync();
        var parcel = TestMessages.Wrap(new DispatchParcel(_shipmentId, ParcelGetsLost: false), Key.CorrelationKey, incoming.Envelope.MessageId);

        var result = await Store.TryCommitAndDeliverAsync(Commit(incoming, expectedVersion: 3, parcel, Overdue(TimeSpan.FromHours(1))), None);

        Assert.Equal(SagaCommitResult.Conflict, result);
        Assert.False(await Raw.KeyExistsAsync(Keys.State(Key)));
        Assert.Empty(await FlowLog.EntriesAsync(Raw, ParcelStream));
        Assert.Equal(0, await Raw.HashLengthAsync(Keys.ScheduleEnvelopes));
        Assert.Equal(1, (await Raw.StreamPendingAsync(IncomingStream, "shipping")).PendingMessageCount);
        Assert.False(((RedisStreamTransport.Received)incoming).AcknowledgedByStep);

        await incoming.AckAsync(None);
        Assert.Equal(0, (await Raw.StreamPendingAsync(IncomingStream, "shipping")).PendingMessageCount);
    }

    [RedisFact]
    public async Task A_message_with_a_second_handling_is_not_acknowledged_by_the_first()
    {
        // The saga's step comes first and saves; the second handler fails once. Had the saga's
        // script acknowledged the message, the retry would never come and the second handler
        // would never see it.
        await _app.DisposeAsync();
        FailingOnce.Attempts.Clear();
        _app = await StreamsApp.StartAsync(redis.Address, _prefix, streams: s => s.Partitions = 1, sagas: b => b.AddHandler<ShipmentRequested, FailingOnce>());

        await _app.Bus.PublishAsync(new ShipmentRequested(_shipmentId, OverdueAfterMs: 60_000));

        await StreamsApp.EventuallyAsync(() => FailingOnce.Attempts.GetValueOrDefault(_shipmentId) == 2, "the second handler's retry");
        await _app.FinishedAsync(_shipmentId);
        Assert.Single(_app.TransitionsOf(_shipmentId), t => t.FromState is null);
    }

    private RedisSagaStore Store => (RedisSagaStore)_app.Services.GetRequiredService<ISagaStore>();

    private Envelope Overdue(TimeSpan after) =>
        TestMessages.Wrap(new ShipmentOverdue(_shipmentId), Key.CorrelationKey) with { DeliverAt = DateTimeOffset.UtcNow + after };

    private SagaCommit Commit(IncomingMessage incoming, long expectedVersion, params Envelope[] outbox) =>
        new(Key, "Dispatching", "{}", IsFinal: false, expectedVersion, incoming.Envelope.MessageId, outbox, null, incoming.Envelope.MessageType)
        {
            CancelledSchedules = ["test.shipment-overdue"],
            Settles = incoming,
        };

    private async Task<IncomingMessage> ReceiveShipmentRequestedAsync()
    {
        await _app.Bus.PublishAsync(new ShipmentRequested(_shipmentId, OverdueAfterMs: 60_000));
        await using var receiving = _app.Transport.ReceiveAsync(None).GetAsyncEnumerator();
        Assert.True(await receiving.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        return receiving.Current;
    }

    /// <summary>A second handler of <see cref="ShipmentRequested"/> that fails its first attempt at each shipment.</summary>
    public sealed class FailingOnce : IMessageHandler<ShipmentRequested>
    {
        public static System.Collections.Concurrent.ConcurrentDictionary<Guid, int> Attempts { get; } = new();

        public ValueTask HandleAsync(ShipmentRequested message, MessageContext context, CancellationToken cancellationToken) =>
            Attempts.AddOrUpdate(message.ShipmentId, 1, (_, n) => n + 1) == 1
                ? throw new InvalidOperationException("The first attempt fails, as a flaky service would.")
                : ValueTask.CompletedTask;
    }
}
