using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sagas.Redis.Tests;

/// <summary>Retries that outlast ClaimIdleTime would let other workers take a failing message over mid-retry: the transport warns.</summary>
public sealed class ClaimIdleTimeWarningTests
{
    [Theory]
    [InlineData("00:00:02", true)] // the default retries take 6.2 s
    [InlineData("00:01:00", false)]
    public async Task The_transport_warns_when_the_retry_delays_outlast_the_claim_idle_time(string claimIdleTime, bool warns)
    {
        var logs = new RecordedLogs();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddProvider(logs));
        collection.AddSagas().UseRedis("localhost:1", configureStreams: s => s.ClaimIdleTime = TimeSpan.Parse(claimIdleTime, System.Globalization.CultureInfo.InvariantCulture));
        await using var services = collection.BuildServiceProvider();

        Assert.IsType<RedisStreamTransport>(services.GetRequiredService<IMessageTransport>());

        var warning = logs.Entries.Where(e => e.Id.Id == 4020).ToList();
        Assert.Equal(warns, warning.Count == 1);
        Assert.All(warning, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.All(warning, w => Assert.Contains("Raise ClaimIdleTime above the sum of the retry delays", w.Message));
    }
}
