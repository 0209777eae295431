using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sagas.Redis.Tests;

/// <summary>The startup check against the fixture's running server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStartupCheckServerTests(RedisServerFixture redis)
{
    [RedisFact]
    public async Task A_running_Redis_passes_the_startup_check()
    {
        await using var services = RedisStartupCheckTests.Build(redis.Address, TimeSpan.FromSeconds(5));
        var check = Assert.Single(services.GetServices<IHostedService>().OfType<IHostedLifecycleService>());

        await check.StartingAsync(CancellationToken.None);
    }

    // Both need the fixture's own server (its settings are known, and one test changes them): skipped under SAGAS_REDIS.
    [RedisFact(TakesRedisAway = true)]
    public async Task The_check_warns_when_Redis_keeps_no_append_only_file_and_not_when_it_evicts_nothing()
    {
        // The fixture's server runs with appendonly no and the default maxmemory-policy noeviction.
        var logs = await CheckAsync();

        Assert.Contains(logs.Entries, e => e.Id.Id == 4009 && e.Level == LogLevel.Warning && e.Message.Contains("appendonly yes"));
        Assert.DoesNotContain(logs.Entries, e => e.Id.Id == 4008);
    }

    [RedisFact(TakesRedisAway = true)]
    public async Task The_check_warns_when_Redis_would_evict_saga_state()
    {
        await RawRedis.SendAsync(redis.Port, "CONFIG SET maxmemory-policy allkeys-lru", CancellationToken.None);
        try
        {
            var logs = await CheckAsync();

            Assert.Contains(logs.Entries, e => e.Id.Id == 4008 && e.Message.Contains("maxmemory-policy allkeys-lru"));
        }
        finally
        {
            await RawRedis.SendAsync(redis.Port, "CONFIG SET maxmemory-policy noeviction", CancellationToken.None);
        }
    }

    private async Task<RecordedLogs> CheckAsync()
    {
        var logs = new RecordedLogs();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddProvider(logs));
        collection.AddSagas().UseRedis(redis.Address);
        await using var services = collection.BuildServiceProvider();
        await Assert.Single(services.GetServices<IHostedService>().OfType<IHostedLifecycleService>()).StartingAsync(CancellationToken.None);
        return logs;
    }
}
