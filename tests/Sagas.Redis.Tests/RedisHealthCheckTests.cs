using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>AddSagasHealthChecks() on Redis, asked as a readiness probe would ask, while Redis goes away and comes back.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisHealthCheckTests(RedisServerFixture redis)
{
    [RedisFact(TakesRedisAway = true)]
    public async Task Readiness_follows_Redis_away_and_back_and_degrades_while_dead_letters_grow()
    {
        var prefix = $"health-{Guid.NewGuid():N}:";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSagas().UseRedis(redis.Address, o => o.KeyPrefix = prefix).AddHostedWorker();
        builder.Services.AddHealthChecks().AddSagasHealthChecks();
        using var host = builder.Build();
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var ready = await ReadyAsync(health);
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.True(ready.Data.ContainsKey("latency_ms"));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(c => c.Tags.Contains("live"))).Status);

        // A dead letter arrives: degraded, naming the stream to read.
        using (var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address))
        {
            await raw.GetDatabase().StreamAddAsync(prefix + "dead-letters", "dead.reason", "a test");
        }

        var degraded = await ReadyAsync(health);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains(prefix + "dead-letters", degraded.Description, StringComparison.Ordinal);

        await redis.StopAsync();
        try
        {
            var asked = System.Diagnostics.Stopwatch.StartNew();
            var down = await ReadyAsync(health);
            Assert.True(asked.Elapsed < TimeSpan.FromSeconds(4), $"The check took {asked.Elapsed}, above its 2 s Timeout");
            Assert.Equal(HealthStatus.Unhealthy, down.Status);
            Assert.Contains(redis.Address, down.Description, StringComparison.Ordinal);
        }
        finally
        {
            await redis.StartAsync();
        }

        // Back: the connection comes again by itself (an empty server: the dead letter is gone).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var status = HealthStatus.Unhealthy;
        while (status != HealthStatus.Healthy && DateTime.UtcNow < deadline)
        {
            status = (await ReadyAsync(health)).Status;
            await Task.Delay(100);
        }

        Assert.Equal(HealthStatus.Healthy, status);
        await host.StopAsync();
    }

    [RedisFact]
    public async Task Readiness_degrades_while_the_services_consumer_lag_passes_MaxConsumerLag_and_names_the_stream()
    {
        var prefix = $"health-lag-{Guid.NewGuid():N}:";
        await using var app = await StreamsApp.StartAsync(
            redis.Address, prefix, worker: false, streams: s => s.Partitions = 1,
            sagas: s => s.Services.Configure<RedisHealthOptions>(o => o.MaxConsumerLag = 2));
        var check = app.Services.GetRequiredService<RedisHealthCheck>();

        // The service's group on a stream it consumes, with entries nobody has read: a worker that does not keep up.
        var stream = prefix + "stream:{p0}:test.shipment-requested";
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var database = raw.GetDatabase();
        await database.StreamCreateConsumerGroupAsync(stream, "shipping", StreamPosition.Beginning, createStream: true);
        await database.StreamAddAsync(stream, "a", "1");

        var under = await check.CheckHealthAsync(new());
        Assert.Equal(HealthStatus.Healthy, under.Status);
        Assert.Equal(1L, under.Data["max_consumer_lag"]);
        Assert.Equal(stream, under.Data["max_consumer_lag_stream"]);

        await database.StreamAddAsync(stream, "a", "2");
        await database.StreamAddAsync(stream, "a", "3");
        var over = await check.CheckHealthAsync(new());
        Assert.Equal(HealthStatus.Degraded, over.Status);
        Assert.Equal(3L, over.Data["max_consumer_lag"]);
        Assert.Contains(stream, over.Description, StringComparison.Ordinal);
        Assert.Contains("Sagas:Redis:Health:MaxConsumerLag (2)", over.Description, StringComparison.Ordinal);

        // 0 turns the lag check off: no XINFO, no lag in the data.
        var off = new RedisHealthCheck(
            app.Services.GetRequiredService<RedisConnection>(), app.Transport, app.Services.GetRequiredService<IOptions<RedisSagasOptions>>(),
            Options.Create(new RedisHealthOptions { MaxConsumerLag = 0 }), TimeProvider.System);
        var lagOff = await off.CheckHealthAsync(new());
        Assert.Equal(HealthStatus.Healthy, lagOff.Status);
        Assert.False(lagOff.Data.ContainsKey("max_consumer_lag"));
    }

    private static async Task<HealthReportEntry> ReadyAsync(HealthCheckService health) =>
        Assert.Single((await health.CheckHealthAsync(c => c.Tags.Contains("ready"))).Entries, e => e.Key == "sagas-redis").Value;
}
