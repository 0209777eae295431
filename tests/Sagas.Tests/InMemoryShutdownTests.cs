using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sagas.Tests;

/// <summary>In memory, what is still queued when the process stops is lost: one warning says how many.</summary>
public sealed class InMemoryShutdownTests
{
    [Fact]
    public async Task Messages_still_queued_at_shutdown_are_reported_in_one_warning_with_their_count()
    {
        var logs = new LogRecorder();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerProvider>(logs);
        builder.Services.AddSagas(); // no worker: nothing takes the messages
        var host = builder.Build();
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IMessageBus>();
        for (var i = 0; i < 3; i++)
        {
            await bus.PublishAsync(new OrderPlaced(Guid.NewGuid(), 1m));
        }

        await host.StopAsync();
        host.Dispose();

        var warning = Assert.Single(logs.Warnings, w => w.Contains("still queued in memory", StringComparison.Ordinal));
        Assert.StartsWith("3 message(s)", warning, StringComparison.Ordinal);
    }
}
