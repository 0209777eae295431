using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderFulfillment;
using Sagas.Generated.OrderFulfillment;

namespace Sagas.Benchmarks.ScaleOut;

/// <summary>
/// One worker process of the scale-out run ("scale-worker CONFIGURATION PREFIX [--Sagas:Redis:... VALUE]"):
/// the sample's saga and participants on Redis with the hosted worker, as a deployed worker service
/// runs them (the settings after the prefix are the host's configuration, as a service's command
/// line would be), printing how many transitions it made every quarter of a second until it is stopped.
/// </summary>
internal static class ScaleWorker
{
    public const string Mode = "scale-worker";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine($"Usage: {Mode} REDIS-CONFIGURATION KEY-PREFIX [--Sagas:Redis:Streams:Partitions N] (started by the scale mode)");
            return 2;
        }

        var counter = new TransitionCounter();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "Sagas.Benchmarks" });
        builder.Configuration.AddCommandLine(args[2..]);
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Sagas.RedisStartupCheck", LogLevel.Error); // the run's server has no append-only file, on purpose
        builder.Services.AddSingleton<ISagaObserver>(counter);
        builder.Services.AddSagas(MessageRegistry.Instance, SagaRouter.Instance, o => o.Concurrency = 16)
            .AddHandler<CapturePayment, PaymentService>()
            .AddHandler<RefundPayment, PaymentService>()
            .AddHandler<ReserveStock, InventoryService>()
            .AddHandler<ReleaseStock, InventoryService>()
            .AddHandler<ShipOrder, ShippingService>()
            .UseRedis(args[0], o => o.KeyPrefix = args[1], s => s.ServiceName = "bench-orders")
            .AddHostedWorker();
        builder.Services.AddSingleton<IRefundLedger, RedisRefundLedger>();
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine("ready");
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        while (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            Console.WriteLine($"transitions {counter.Transitions}");
            await Task.Delay(250, lifetime.ApplicationStopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await host.StopAsync();
        return 0;
    }
}
