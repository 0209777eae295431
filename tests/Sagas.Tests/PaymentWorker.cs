using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sagas.Tests;

/// <summary>
/// A worker service in memory whose only handler takes <see cref="CapturePayment"/> and fails its
/// first <c>failures</c> attempts; one retry, 5 ms later. For the tests of what a worker reports.
/// </summary>
internal static class PaymentWorker
{
    public static async Task<IHost> StartAsync(int failures, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Information);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddSingleton(new WorkerRetryTests.FlakyHandler(failures));
        builder.Services.AddSagas(o => o.RetryDelays = [TimeSpan.FromMilliseconds(5)])
            .AddHandler<CapturePayment, WorkerRetryTests.FlakyHandler>()
            .AddHostedWorker();
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IMessageBus>().PublishAsync(new CapturePayment(Guid.NewGuid(), 5m));
        return host;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, for at most 30 s.</summary>
    public static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
