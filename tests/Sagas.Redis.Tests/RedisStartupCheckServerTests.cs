using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
}
