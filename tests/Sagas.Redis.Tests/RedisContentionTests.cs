using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Redis.Tests;

/// <summary>Many workers saving one instance at once: the version check turns races into retries, never into lost updates.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisContentionTests(RedisServerFixture redis)
{
    [RedisFact]
    public async Task Two_hundred_concurrent_events_for_one_saga_make_two_hundred_transitions()
    {
        // Two engines on two connections, as two worker processes would be.
        var prefix = $"contention-{Guid.NewGuid():N}:";
        await using var first = Engine(prefix);
        await using var second = Engine(prefix);
        var tallyId = Guid.NewGuid();
        await first.GetRequiredService<SagaEngine>().HandleAsync(TestMessages.Wrap(new TallyOpened(tallyId)), CancellationToken.None);
        using var conflicts = new ConflictCounter(TallySaga.SagaDefinition.Instance.Name);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).GetRequiredService<SagaEngine>()
                .HandleAsync(TestMessages.Wrap(new TallyIncremented(tallyId)), CancellationToken.None).AsTask())));

        var saved = await first.GetRequiredService<ISagaStore>()
            .LoadAsync(new SagaKey(TallySaga.SagaDefinition.Instance.Name, tallyId.ToString("D")), "-", CancellationToken.None);
        Assert.Equal(201, saved!.Version);
        Assert.Equal(200, JsonDocument.Parse(saved.Data.Json).RootElement.GetProperty("data").GetProperty("count").GetInt32());

        // Two hundred racing saves of one instance lose to each other: the metric says how often.
        Assert.True(conflicts.Count > 0, "no concurrency conflict was counted");
    }

    // Counts sagas.concurrency_conflicts for one saga, as a MeterListener (and so OpenTelemetry) hears it.
    private sealed class ConflictCounter : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private long _count;

        public ConflictCounter(string saga)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SagaMetrics.MeterName && instrument.Name == SagaMetrics.ConcurrencyConflicts)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "saga" && Equals(tag.Value, saga))
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    // Every message may lose the race to all the others once: retries bounded by the number of messages.
    private ServiceProvider Engine(string prefix)
    {
        var services = new ServiceCollection();
        services.AddSagas(o => o.MaxConcurrencyRetries = 200).UseRedis(redis.Address, o => o.KeyPrefix = prefix);
        return services.BuildServiceProvider();
    }
}
