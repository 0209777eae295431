using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sagas.Tests;

/// <summary>The worker's liveness check: alive while its loops consume, not when a handler hangs or the loops stopped.</summary>
public sealed class WorkerHealthCheckTests
{
    [Fact]
    public async Task The_worker_is_live_while_it_consumes_and_not_when_a_handler_hangs_or_it_has_stopped()
    {
        var hanging = new HangingHandler();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(hanging);
        builder.Services.AddSagas().AddHandler<CapturePayment, HangingHandler>().AddHostedWorker();
        builder.Services.AddHealthChecks().AddSagasHealthChecks(o => o.MaxHandlingTime = TimeSpan.FromMilliseconds(200));
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Unhealthy, (await LiveAsync(health)).Status); // not started
        await host.StartAsync();
        Assert.Equal(HealthStatus.Healthy, (await LiveAsync(health)).Status);

        await host.Services.GetRequiredService<IMessageBus>().PublishAsync(new CapturePayment(Guid.NewGuid(), 1m));
        await hanging.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        var hung = await LiveAsync(health);
        Assert.Equal(HealthStatus.Unhealthy, hung.Status);
        Assert.Contains("a handler hangs", hung.Description, StringComparison.Ordinal);

        hanging.Release.SetResult();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await LiveAsync(health)).Status != HealthStatus.Healthy && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(HealthStatus.Healthy, (await LiveAsync(health)).Status);
        await host.StopAsync();
        Assert.Equal(HealthStatus.Unhealthy, (await LiveAsync(health)).Status);
    }

    [Fact]
    public async Task A_process_without_a_worker_is_live()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSagas();
        builder.Services.AddHealthChecks().AddSagasHealthChecks();
        using var host = builder.Build();
        await host.StartAsync();

        Assert.Equal(HealthStatus.Healthy, (await LiveAsync(host.Services.GetRequiredService<HealthCheckService>())).Status);
        await host.StopAsync();
    }

    private static async Task<HealthReportEntry> LiveAsync(HealthCheckService health) =>
        Assert.Single((await health.CheckHealthAsync(c => c.Tags.Contains("live"))).Entries).Value;

    private sealed class HangingHandler : IMessageHandler<CapturePayment>
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task;
        }
    }
}
