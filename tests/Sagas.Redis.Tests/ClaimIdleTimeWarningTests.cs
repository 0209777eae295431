using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sagas.Redis.Tests;

/// <summary>
/// The transport warns at start about timings that would let messages be handled twice or
/// dead-lettered early: a lease renewed too rarely for ClaimIdleTime, and more retries than MaxDeliveries allows.
/// </summary>
public sealed class ClaimIdleTimeWarningTests
{
    [Theory]
    [InlineData("00:00:12", "00:00:05", true)] // renewals every 5 s must come well within 12 s
    [InlineData("00:01:00", "00:00:05", false)]
    public async Task The_transport_warns_when_leases_would_lapse_between_renewals(string claimIdleTime, string maintenanceInterval, bool warns)
    {
        var logs = await StartAsync(s =>
        {
            s.ClaimIdleTime = TimeSpan.Parse(claimIdleTime, System.Globalization.CultureInfo.InvariantCulture);
            s.MaintenanceInterval = TimeSpan.Parse(maintenanceInterval, System.Globalization.CultureInfo.InvariantCulture);
        });

        var warning = logs.Entries.Where(e => e.Id.Id == 4020).ToList();
        Assert.Equal(warns, warning.Count == 1);
        Assert.All(warning, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.All(warning, w => Assert.Contains("Raise ClaimIdleTime or lower MaintenanceInterval", w.Message));
    }

    [Theory]
    [InlineData(3, true)] // the three default retries need a fourth delivery
    [InlineData(5, false)]
    public async Task The_transport_warns_when_MaxDeliveries_would_cut_the_retries_short(int maxDeliveries, bool warns)
    {
        var logs = await StartAsync(s => s.MaxDeliveries = maxDeliveries);

        var warning = logs.Entries.Where(e => e.Id.Id == 4021).ToList();
        Assert.Equal(warns, warning.Count == 1);
        Assert.All(warning, w => Assert.Contains("Raise MaxDeliveries above the number of retries", w.Message));
    }

    private static async Task<RecordedLogs> StartAsync(Action<RedisStreamsOptions> streams)
    {
        var logs = new RecordedLogs();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddProvider(logs));
        collection.AddSagas().UseRedis("localhost:1", configureStreams: streams);
        await using var services = collection.BuildServiceProvider();
        Assert.IsType<RedisStreamTransport>(services.GetRequiredService<IMessageTransport>());
        return logs;
    }
}
