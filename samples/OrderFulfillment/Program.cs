// The order fulfillment sample: an order saga with a compensation, run in a worker service.
//   dotnet run --project samples/OrderFulfillment                       in memory (the default)
//   dotnet run --project samples/OrderFulfillment -- --redis HOST:PORT  saga state, messages and timeouts in Redis
//   ... -- --redis HOST:PORT --worker true                               a worker only: places no orders, runs until stopped
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderFulfillment;
using Sagas;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var sagas = builder.Services.AddSagas(options => builder.Configuration.GetSection(SagasOptions.SectionName).Bind(options))
    .AddHandler<CapturePayment, PaymentService>()
    .AddHandler<RefundPayment, PaymentService>()
    .AddHandler<ReserveStock, InventoryService>()
    .AddHostedWorker();

// --redis HOST:PORT, or the Sagas:Redis:Configuration setting, runs on Redis: saga state in the
// store, messages over Streams, timeouts in the scheduler.
var redis = builder.Configuration["redis"] ?? builder.Configuration["Sagas:Redis:Configuration"];
if (!string.IsNullOrWhiteSpace(redis))
{
    sagas.UseRedis(
        redis,
        options => builder.Configuration.GetSection(RedisSagasOptions.SectionName).Bind(options),
        streams => builder.Configuration.GetSection(RedisStreamsOptions.SectionName).Bind(streams));
}

builder.Services.AddSingleton<OrderOutcomes>();
builder.Services.AddSingleton<ISagaObserver>(sp => sp.GetRequiredService<OrderOutcomes>());
builder.Services.Configure<DriverOptions>(builder.Configuration.GetSection("Sample"));
if (!builder.Configuration.GetValue<bool>("worker"))
{
    builder.Services.AddHostedService<OrderDriver>();
}

Console.WriteLine(redis is null ? "Saga state and messages: in memory" : $"Saga state, messages and timeouts: Redis at {redis}");
try
{
    await builder.Build().RunAsync();
}
catch (RedisUnavailableException e)
{
    Console.Error.WriteLine($"{e.Message.Split(" Last error:")[0]} In this sample the address comes from --redis HOST:PORT.");
    return 1;
}

return Environment.ExitCode;
