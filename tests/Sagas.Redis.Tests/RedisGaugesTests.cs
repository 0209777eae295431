using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>Redis's backlog as gauges: lag and pending per stream, timeouts waiting, dead letters.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisGaugesTests(RedisServerFixture redis)
{
    [RedisFact]
    public async Task The_gauges_show_unread_and_unacknowledged_entries_scheduled_messages_and_dead_letters()
    {
        var prefix = $"gauges-{Guid.NewGuid():N}:";
        await using var app = await StreamsApp.StartAsync(redis.Address, prefix, worker: false, streams: s => s.Partitions = 1);
        await using var receiving = app.Transport.ReceiveAsync(CancellationToken.None).GetAsyncEnumerator();
        await app.Bus.PublishAsync(new ShipmentRequested(Guid.NewGuid(), OverdueAfterMs: 60_000));
        Assert.True(await receiving.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))); // read, not acknowledged

        // Two more, which a stopped reader would leave unread: published straight to the stream.
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var stream = prefix + "stream:{p0}:test.shipment-requested";
        var scheduler = app.Services.GetRequiredService<IMessageScheduler>();
        await scheduler.ScheduleAsync(TestMessages.Wrap(new ShipmentOverdue(Guid.NewGuid()), "k") with { DeliverAt = DateTimeOffset.UtcNow.AddHours(1) }, "ShipmentSaga", CancellationToken.None);
        await raw.GetDatabase().StreamAddAsync(prefix + "dead-letters", "dead.reason", "a test");

        using var listener = new MeterListener();
        var measured = new Dictionary<(string, string?), long>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SagaMetrics.MeterName && instrument.Name.StartsWith("sagas.redis.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? destination = null;
            foreach (var tag in tags)
            {
                destination = tag.Key == "messaging.destination.name" ? (string?)tag.Value : destination;
            }

            lock (measured)
            {
                measured[(instrument.Name, destination)] = value;
            }
        });
        listener.Start();

        await app.Services.GetRequiredService<RedisGauges>().RefreshAsync(CancellationToken.None);
        listener.RecordObservableInstruments();

        // Each gauge names its key, so another application's (another prefix) never mixes in.
        Assert.Equal(1, measured[("sagas.redis.pending", stream)]);
        Assert.Equal(0, measured[("sagas.redis.consumer_lag", stream)]);
        Assert.Equal(1, measured[("sagas.redis.scheduled", prefix + "schedule:{timeouts}:due")]);
        Assert.Equal(1, measured[("sagas.redis.dead_letters", prefix + "dead-letters")]);
    }
}
