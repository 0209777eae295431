using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderFulfillment;
using Sagas.Generated.OrderFulfillment;
using StackExchange.Redis;

namespace Sagas.Benchmarks;

/// <summary>
/// Mode a, the store path alone: saga state in the <see cref="RedisSagaStore"/>, every message
/// handed to <see cref="SagaEngine.HandleAsync"/> in process. Each driver runs one saga at a time
/// from its OrderPlaced to its end, feeding back what the engine publishes (the saga's commands,
/// the participants' replies) through a <see cref="LoopbackTransport"/>; timeouts go to the
/// in-memory scheduler. So the only Redis commands are the store's.
/// </summary>
internal static class StoreOnlyRun
{
    public const string Mode = "store only";

    public static async Task<ThroughputResult> RunAsync(RedisServerProcess server, int concurrency, Timing timing, IDatabase admin, LogCounter logs, CancellationToken cancellationToken)
    {
        var transport = new LoopbackTransport();
        var counter = new TransitionCounter();
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IMessageTransport>(transport); // AddSagas adds its in-memory transport only when none is registered
        services.AddSingleton<ISagaObserver>(counter);
        services.AddSagas(MessageRegistry.Instance, SagaRouter.Instance)
            .AddHandler<CapturePayment, PaymentService>()
            .AddHandler<RefundPayment, PaymentService>()
            .AddHandler<ReserveStock, InventoryService>()
            .AddHandler<ReleaseStock, InventoryService>()
            .AddHandler<ShipOrder, ShippingService>()
            .UseStore<RedisSagaStore>();
        services.AddOptions<RedisSagasOptions>().Configure(o =>
        {
            o.Configuration = server.Address;
            o.KeyPrefix = $"bench:store:{concurrency}:";
        });
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<IRefundLedger, RedisRefundLedger>(); // the payment service refunds a payment id once, as in the sample on Redis

        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<SagaEngine>();
        await (await provider.GetRequiredService<RedisConnection>().GetDatabaseAsync(cancellationToken)).PingAsync(); // connected before the drivers start
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var drivers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => DriveAsync(engine, transport, stop.Token), CancellationToken.None)).ToArray();
        try
        {
            return await MeasurementWindow.MeasureAsync(Mode, concurrency, counter, server, admin, timing, cancellationToken);
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(drivers); // each finishes the saga in hand
            if (transport.Dropped > 0)
            {
                Console.Error.WriteLine($"  {transport.Dropped} message(s) published outside a driver were dropped (a timeout fired?)");
            }
        }
    }

    private static async Task DriveAsync(SagaEngine engine, LoopbackTransport transport, CancellationToken stop)
    {
        var inbox = transport.OpenInbox();
        while (!stop.IsCancellationRequested)
        {
            var order = Orders.Next();
            inbox.Enqueue(Envelope.Create(order, MessageRegistry.Instance.GetWireName(order)));
            while (inbox.TryDequeue(out var envelope))
            {
                await engine.HandleAsync(envelope, CancellationToken.None);
            }
        }
    }
}
