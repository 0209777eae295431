using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sagas.Redis.Tests;

/// <summary>
/// The Redis scheduler against a real server: a cancellation reaches only the saga that scheduled
/// the message, and a poller's lease on what it took is as long as configured, and given back at once
/// when publishing fails part-way.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisSchedulerTests(RedisServerFixture redis) : IDisposable
{
    private readonly string _prefix = $"scheduler-{Guid.NewGuid():N}:";
    private readonly List<RedisConnection> _connections = [];

    [RedisFact]
    public async Task A_cancellation_drops_only_the_messages_of_the_saga_that_scheduled_them()
    {
        var transport = new RecordingTransport();
        var scheduler = Create(transport);
        var orderId = Guid.NewGuid();
        var key = orderId.ToString("D");

        // Two sagas keyed by the same order id schedule the same message type.
        var ofOrders = Due(new OrderPlaced(orderId, 1), key);
        var ofBilling = Due(new OrderPlaced(orderId, 2), key);
        await scheduler.ScheduleAsync(ofOrders, "OrderSaga", CancellationToken.None);
        await scheduler.ScheduleAsync(ofBilling, "BillingSaga", CancellationToken.None);
        await scheduler.CancelAsync("OrderSaga", key, ofOrders.MessageType, CancellationToken.None);

        Assert.Equal(1, await scheduler.DeliverDueAsync(CancellationToken.None));
        Assert.Equal([ofBilling.MessageId], transport.Published);
    }

    [RedisFact]
    public async Task What_a_poller_took_but_could_not_publish_is_given_back_at_once()
    {
        var transport = new RecordingTransport { FailNext = 1 };
        var scheduler = Create(transport);
        var first = Due(new OrderPlaced(Guid.NewGuid(), 1));
        var second = Due(new OrderPlaced(Guid.NewGuid(), 2));
        await scheduler.ScheduleAsync(first, "OrderSaga", CancellationToken.None);
        await scheduler.ScheduleAsync(second, "OrderSaga", CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => scheduler.DeliverDueAsync(CancellationToken.None));

        // Not after the 10 s lease: the next poll publishes both.
        Assert.Equal(2, await scheduler.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(new[] { first.MessageId, second.MessageId }.Order(), transport.Published.Order());
        Assert.Equal(0, await scheduler.DeliverDueAsync(CancellationToken.None));
    }

    [RedisFact]
    public async Task What_a_stalled_poller_holds_is_taken_by_another_when_TimeoutLease_ends()
    {
        var stalled = new RecordingTransport { Stall = true };
        var healthy = new RecordingTransport();
        var lease = TimeSpan.FromSeconds(1);
        var stalledScheduler = Create(stalled, lease);
        var otherScheduler = Create(healthy, lease);
        var envelope = Due(new OrderPlaced(Guid.NewGuid(), 1));
        await stalledScheduler.ScheduleAsync(envelope, "OrderSaga", CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var stuck = stalledScheduler.DeliverDueAsync(stop.Token);
        await StreamsApp.EventuallyAsync(() => stalled.Attempts > 0, "the first poller to take the message");
        Assert.Equal(0, await otherScheduler.DeliverDueAsync(CancellationToken.None));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await otherScheduler.DeliverDueAsync(CancellationToken.None) == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "The lease of the stalled poller never ended.");
            await Task.Delay(100);
        }

        Assert.Equal([envelope.MessageId], healthy.Published);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stuck);
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    private static Envelope Due(object message, string? correlationId = null) =>
        TestMessages.Wrap(message, correlationId) with { DeliverAt = DateTimeOffset.UtcNow.AddSeconds(-1) };

    private RedisScheduler Create(IMessageTransport transport, TimeSpan? lease = null)
    {
        var settings = new RedisSagasOptions { Configuration = redis.Address, KeyPrefix = _prefix, TimeoutLease = lease ?? TimeSpan.FromSeconds(10) };
        var connection = new RedisConnection(Options.Create(settings), NullLogger<RedisConnection>.Instance);
        _connections.Add(connection);
        return new RedisScheduler(
            connection,
            transport,
            TestMessages.Registry,
            TimeProvider.System,
            Options.Create(new SagasOptions()),
            Options.Create(settings),
            NullLogger<RedisScheduler>.Instance);
    }

    // Where the scheduler hands due messages; it can fail or hang on demand, as a transport whose
    // Redis went away would.
    private sealed class RecordingTransport : IMessageTransport
    {
        private readonly ConcurrentQueue<string> _published = new();
        private int _attempts;

        public int FailNext { get; set; }

        public bool Stall { get; init; }

        public int Attempts => Volatile.Read(ref _attempts);

        public string[] Published => [.. _published];

        public async ValueTask PublishAsync(Envelope envelope, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            if (Stall)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (FailNext > 0)
            {
                FailNext--;
                throw new IOException("The transport is down.");
            }

            _published.Enqueue(envelope.MessageId);
        }

        public IAsyncEnumerable<IncomingMessage> ReceiveAsync(CancellationToken cancellationToken) =>
            throw new NotSupportedException("The scheduler only publishes.");
    }
}
