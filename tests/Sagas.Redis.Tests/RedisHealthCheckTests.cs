using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
            var down = await ReadyAsync(health);
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

    private static async Task<HealthReportEntry> ReadyAsync(HealthCheckService health) =>
        Assert.Single((await health.CheckHealthAsync(c => c.Tags.Contains("ready"))).Entries, e => e.Key == "sagas-redis").Value;
}
