using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// Redis's backlog as gauges: lag and pending per stream, timeouts waiting, dead letters; read in
/// the background, never in a listener's callback, and never in the way of the host's stop.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisGaugesTests(RedisServerFixture redis)
{
    private readonly string _prefix = $"gauges-{Guid.NewGuid():N}:";

    [RedisFact]
    public async Task The_gauges_show_unread_and_unacknowledged_entries_scheduled_messages_and_dead_letters()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, streams: s => s.Partitions = 1);
        await using var receiving = app.Transport.ReceiveAsync(CancellationToken.None).GetAsyncEnumerator();
        await app.Bus.PublishAsync(new ShipmentRequested(Guid.NewGuid(), OverdueAfterMs: 60_000));
        Assert.True(await receiving.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))); // read, not acknowledged

        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var stream = _prefix + "stream:{p0}:test.shipment-requested";
        var scheduler = app.Services.GetRequiredService<IMessageScheduler>();
        await scheduler.ScheduleAsync(TestMessages.Wrap(new ShipmentOverdue(Guid.NewGuid()), "k") with { DeliverAt = DateTimeOffset.UtcNow.AddHours(1) }, "ShipmentSaga", CancellationToken.None);
        await raw.GetDatabase().StreamAddAsync(_prefix + "dead-letters", "dead.reason", "a test");

        using var gauges = new GaugeListener();
        await app.Services.GetRequiredService<RedisGauges>().RefreshAsync(CancellationToken.None);
        var measured = gauges.Read();

        // Each gauge names its key, so another application's (another prefix) never mixes in.
        Assert.Equal(1, measured[("sagas.redis.pending", stream)]);
        Assert.Equal(0, measured[("sagas.redis.consumer_lag", stream)]);
        Assert.Equal(1, measured[("sagas.redis.scheduled", _prefix + "schedule:{timeouts}:due")]);
        Assert.Equal(1, measured[("sagas.redis.dead_letters", _prefix + "dead-letters")]);
    }

    [RedisFact]
    public async Task A_listener_that_finds_no_fresh_reading_gets_nothing_at_once_and_the_background_reads_soon()
    {
        var time = new ShiftedTime();
        await using var app = await StreamsApp.StartAsync(
            redis.Address, _prefix, worker: false, streams: s => s.Partitions = 1, sagas: s => s.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        var deadLetters = _prefix + "dead-letters";
        using var gauges = new GaugeListener();

        // No reading yet: nothing reported, and the background loop is woken to read one.
        Assert.DoesNotContain(gauges.Read().Keys, k => k.Destination == deadLetters);
        await StreamsApp.EventuallyAsync(() => gauges.Read().ContainsKey(("sagas.redis.dead_letters", deadLetters)), "a reading from the background", seconds: 10);

        // A reading older than three intervals (Redis away that long, or nobody listened) is not reported.
        time.Shift = 3 * RedisGauges.Interval + TimeSpan.FromSeconds(1);
        Assert.DoesNotContain(gauges.Read().Keys, k => k.Destination == deadLetters);
        await StreamsApp.EventuallyAsync(() => gauges.Read().ContainsKey(("sagas.redis.dead_letters", deadLetters)), "a fresh reading", seconds: 10);
    }

    [RedisFact(TakesRedisAway = true)]
    public async Task With_Redis_away_a_reading_gives_up_a_callback_never_waits_and_a_stop_does_not_wait_for_the_reading()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false);
        var logs = new RecordedLogs();
        using var logging = LoggerFactory.Create(l => l.AddProvider(logs));

        // Gauges of the test's own, read every 2 s rather than 15.
        using var service = new RedisGauges(
            app.Services.GetRequiredService<RedisConnection>(), app.Transport, TimeProvider.System,
            app.Services.GetRequiredService<IOptions<RedisSagasOptions>>(), logging.CreateLogger<RedisGauges>(), TimeSpan.FromSeconds(2));
        await service.StartAsync(CancellationToken.None);
        using var gauges = new GaugeListener();
        await redis.StopAsync();
        try
        {
            // The callback answers at once, and wakes the background, whose reading gives up (event 4027).
            var observing = Stopwatch.StartNew();
            Assert.Empty(gauges.Read());
            Assert.True(observing.Elapsed < TimeSpan.FromSeconds(1), $"The callback took {observing.Elapsed}");
            await StreamsApp.EventuallyAsync(() => logs.Entries.Any(e => e.Id.Id == 4027), "a failed reading to be logged", seconds: 15);

            // The next reading, an interval later, waits on Redis again; stopping does not wait for it.
            var failures = logs.Entries.Count(e => e.Id.Id == 4027);
            await StreamsApp.EventuallyAsync(() => service.Readings == failures + 1, "the next reading", seconds: 15);
            await Task.Delay(300);
            Assert.Equal(failures, logs.Entries.Count(e => e.Id.Id == 4027)); // still waiting on Redis
            var stopping = Stopwatch.StartNew();
            await service.StopAsync(CancellationToken.None);
            Assert.True(service.ExecuteTask!.IsCompleted);
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(1), $"The gauges took {stopping.Elapsed} to stop");
            Assert.Equal(failures, logs.Entries.Count(e => e.Id.Id == 4027)); // a stop is no failure
        }
        finally
        {
            await redis.StartAsync();
        }
    }

    // Listens to the sagas.redis.* gauges, as an exporter would, and reads them on demand.
    private sealed class GaugeListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<(string Name, string? Destination), long> _measured = [];

        public GaugeListener()
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SagaMetrics.MeterName && instrument.Name.StartsWith("sagas.redis.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                string? destination = null;
                foreach (var tag in tags)
                {
                    destination = tag.Key == "messaging.destination.name" ? (string?)tag.Value : destination;
                }

                _measured[(instrument.Name, destination)] = value;
            });
            _listener.Start();
        }

        // One collection, as an exporter's timer would make it.
        public Dictionary<(string Name, string? Destination), long> Read()
        {
            lock (_measured)
            {
                _measured.Clear();
                _listener.RecordObservableInstruments();
                return new(_measured);
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    private sealed class ShiftedTime : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}
