using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderFulfillment;
using Sagas.Generated.OrderFulfillment;
using StackExchange.Redis;

namespace Sagas.Benchmarks;

/// <summary>
/// Mode b, the whole Redis runtime: a worker service with <c>UseRedis</c> (store, Streams transport,
/// scheduler), the sample's participants and the hosted worker handling as many messages at once
/// (<see cref="SagasOptions.Concurrency"/>) as there are concurrent sagas. The driver keeps that many sagas in flight: it publishes OrderPlaced through
/// <see cref="IMessageBus"/>, and a new one each time a saga reaches a final state.
/// </summary>
internal static class StreamsRun
{
    public const string Mode = "store + Streams";

    public static async Task<ThroughputResult> RunAsync(RedisServerProcess server, int concurrency, Timing timing, IDatabase admin, LogCounter logs, CancellationToken cancellationToken)
    {
        await using var load = await StartAsync(server, concurrency, logs, configure: null, cancellationToken);
        return await MeasurementWindow.MeasureAsync(Mode, concurrency, load.Counter, server, admin, timing, cancellationToken);
    }

    /// <summary>Starts the worker service and the driver; disposing stops both.</summary>
    /// <param name="configure">Adds to the worker's services (the telemetry mode adds OpenTelemetry).</param>
    public static async Task<Load> StartAsync(RedisServerProcess server, int concurrency, LogCounter logs, Action<IServiceCollection>? configure, CancellationToken cancellationToken)
    {
        var slots = new SemaphoreSlim(concurrency);
        var counter = new TransitionCounter { Slots = slots };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "Sagas.Benchmarks" });
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Warning);

        // The startup check warns that the server keeps no append-only file: this one is started without, on purpose.
        builder.Logging.AddFilter("Sagas.RedisStartupCheck", LogLevel.Error);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<ISagaObserver>(counter);
        builder.Services.AddSagas(MessageRegistry.Instance, SagaRouter.Instance, o => o.Concurrency = concurrency)
            .AddHandler<CapturePayment, PaymentService>()
            .AddHandler<RefundPayment, PaymentService>()
            .AddHandler<ReserveStock, InventoryService>()
            .AddHandler<ReleaseStock, InventoryService>()
            .AddHandler<ShipOrder, ShippingService>()
            .UseRedis(server.Address, o => o.KeyPrefix = $"bench:streams:{concurrency}:", s => s.ServiceName = "bench-orders")
            .AddHostedWorker();
        builder.Services.AddSingleton<IRefundLedger, RedisRefundLedger>(); // the payment service refunds a payment id once, as in the sample on Redis
        configure?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var bus = host.Services.GetRequiredService<IMessageBus>();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var driver = Task.Run(() => DriveAsync(bus, slots, stop.Token), CancellationToken.None);
        return new Load(host, counter, slots, driver, stop);
    }

    /// <summary>A running load: the worker service and the driver keeping its sagas in flight.</summary>
    internal sealed class Load(IHost host, TransitionCounter counter, SemaphoreSlim slots, Task driver, CancellationTokenSource stop) : IAsyncDisposable
    {
        public TransitionCounter Counter => counter;

        public async ValueTask DisposeAsync()
        {
            stop.Cancel();
            await driver;
            using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            {
                await host.StopAsync(stopping.Token);
            }

            host.Dispose();
            stop.Dispose();
            slots.Dispose();
        }
    }

    private static async Task DriveAsync(IMessageBus bus, SemaphoreSlim slots, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await slots.WaitAsync(stop);
                await bus.PublishAsync(Orders.Next(), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
