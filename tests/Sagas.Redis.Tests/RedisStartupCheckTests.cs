using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Sagas.Redis.Tests;

/// <summary>The startup check, reached through <c>UseRedis</c> as an application would.</summary>
public sealed class RedisStartupCheckTests
{
    [Fact]
    public async Task An_unreachable_Redis_stops_startup_with_the_address_and_the_setting_to_fix()
    {
        var address = $"127.0.0.1:{RawRedis.FreePort()}"; // nothing listens there
        await using var services = Build(address, TimeSpan.FromSeconds(2));
        var check = Assert.Single(services.GetServices<IHostedService>().OfType<IHostedLifecycleService>());

        var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => check.StartingAsync(CancellationToken.None));

        Assert.Equal(address, error.Address);
        Assert.StartsWith($"Redis at '{address}' does not answer", error.Message);
        Assert.Contains("Sagas:Redis:Configuration", error.Message);
        Assert.Contains("UseRedis", error.Message);
    }

    [Fact]
    public async Task UseRedis_replaces_the_in_memory_store_and_adds_the_checks_and_background_services_once()
    {
        var collection = new ServiceCollection();
        collection.AddSagas().UseRedis("localhost:1").UseRedis("localhost:1");
        await using var services = collection.BuildServiceProvider();

        Assert.IsType<RedisSagaStore>(services.GetRequiredService<ISagaStore>());
        Assert.IsType<RedisStreamTransport>(services.GetRequiredService<IFlowHistory>()); // the flow log answers flow queries
        Assert.Single(services.GetServices<IHostedService>().OfType<IHostedLifecycleService>());

        // Started twice, a background service would lose its first start's stop signal; two checks of one name make the report throw.
        Assert.Single(services.GetServices<IHostedService>().OfType<RedisScheduler>());
        Assert.Single(services.GetServices<IHostedService>().OfType<RedisGauges>());
        Assert.Single(services.GetServices<HealthCheckRegistration>(), r => r.Name == "sagas-redis");
    }

    internal static ServiceProvider Build(string address, TimeSpan connectTimeout)
    {
        var collection = new ServiceCollection();
        collection.AddSagas()
            .UseRedis(address, o => o.ConnectTimeout = connectTimeout);
        return collection.BuildServiceProvider();
    }
}
