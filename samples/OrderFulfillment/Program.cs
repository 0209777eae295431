// The order fulfillment sample: an order saga coordinating payment, inventory and shipping services,
// with compensations, run in a worker service.
//   dotnet run --project samples/OrderFulfillment                       in memory (the default)
//   dotnet run --project samples/OrderFulfillment -- --redis HOST:PORT  saga state, messages and timeouts in Redis
//   ... -- --redis HOST:PORT --worker true                               a worker only: places no orders, runs until stopped
//   ... -- --redis HOST:PORT --role orders|payment|inventory|shipping    one service per process (default: all in one)
//   ... -- --telemetry console|otlp|none                                 where traces and metrics go (Telemetry.cs)
//   ... -- --inspector http://127.0.0.1:5080                              serves the inspector page at /sagas (Inspector.cs)
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderFulfillment;
using Sagas;

var builder = Inspector.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// --redis HOST:PORT, or the Sagas:Redis:Configuration setting, runs on Redis: saga state in the
// store, messages over Streams, timeouts in the scheduler.
var redis = builder.Configuration["redis"] ?? builder.Configuration["Sagas:Redis:Configuration"];

// --role: which services this process runs. Over Redis each is its own consumer group, so the
// services can run as separate processes, several of each; in memory they must share one.
var role = builder.Configuration["role"] ?? "all";
if (role is not ("all" or "orders" or "payment" or "inventory" or "shipping"))
{
    Console.Error.WriteLine($"--role {role} is not a service of this sample: use all, orders, payment, inventory or shipping.");
    return 2;
}

if (role != "all" && string.IsNullOrWhiteSpace(redis))
{
    Console.Error.WriteLine($"--role {role} runs one service of several, which must meet on Redis: add --redis HOST:PORT.");
    return 2;
}

// --Sample:PaymentTimeout: how long an order waits for its payment (30 s); a backlog longer than
// that makes captures come after their order was dropped, and the saga refunds them.
var paymentTimeout = builder.Configuration.GetValue("Sample:PaymentTimeout", OrderSaga.PaymentTimeout);
if (paymentTimeout <= TimeSpan.Zero)
{
    Console.Error.WriteLine($"Sample:PaymentTimeout is {paymentTimeout}; set it to a positive time, such as 00:00:30.");
    return 2;
}

OrderSaga.PaymentTimeout = paymentTimeout;

// Settings bind from the Sagas section (--Sagas:Concurrency 4). The sample's JSON context comes
// first: generated metadata for its messages and saga data, which Native AOT needs.
var sagas = builder.Services
    .AddSagas(o => o.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, OrderJson.Default))
    .AddHostedWorker();
if (role is "payment" or "inventory" or "shipping")
{
    sagas.WithoutSagas(); // the order saga runs in the orders service
}

if (role is "all" or "payment")
{
    sagas.AddPaymentService(); // generated for the [Participant] class: one handler per IMessageHandler<T> it implements
}

if (role is "all" or "inventory")
{
    sagas.AddInventoryService();
}

if (role is "all" or "shipping")
{
    sagas.AddShippingService();
}

// Refunds are recorded where every payment process sees them: in memory, or in Redis.
builder.Services.AddSingleton<IRefundLedger, InMemoryRefundLedger>();
if (!string.IsNullOrWhiteSpace(redis))
{
    builder.Services.AddSingleton<IRefundLedger, RedisRefundLedger>();
    sagas.UseRedis(
        redis,
        configureStreams: streams => streams.ServiceName = role == "all" ? "OrderFulfillment" : "OrderFulfillment." + role); // the rest binds from Sagas:Redis and Sagas:Redis:Streams
}

// Traces, metrics and health checks, as README's Operations section wires them.
if (builder.AddSampleTelemetry(role == "all" ? "OrderFulfillment" : "OrderFulfillment." + role) is { } telemetryProblem)
{
    Console.Error.WriteLine(telemetryProblem);
    return 2;
}

builder.Services.AddSingleton<OrderOutcomes>();
builder.Services.AddSingleton<ISagaObserver>(sp => sp.GetRequiredService<OrderOutcomes>());
builder.Services.Configure<DriverOptions>(builder.Configuration.GetSection("Sample"));
builder.Services.Configure<DriverOptions>(o => o.KeepRunning |= Inspector.IsServed(builder));
builder.Services.Configure<InjectedFailures>(builder.Configuration.GetSection("Sample:Failures"));
if (role is "all" or "orders" && !builder.Configuration.GetValue<bool>("worker"))
{
    builder.Services.AddHostedService<OrderDriver>();
}

try
{
    using var host = Inspector.Build(builder);
    // The address only: the configuration string may hold a password.
    Console.WriteLine(redis is null
        ? "Saga state and messages: in memory"
        : $"Saga state, messages and timeouts: Redis at {host.Services.GetRequiredService<RedisConnection>().Address} (services: {role})");
    await host.RunAsync();
}
catch (RedisUnavailableException e)
{
    Console.Error.WriteLine($"{e.Message.Split(" Last error:")[0]} In this sample the address comes from --redis HOST:PORT.");
    return 1;
}
catch (OptionsValidationException e)
{
    // A setting out of range: what to fix, one line each, rather than a stack trace.
    foreach (var failure in e.Failures)
    {
        Console.Error.WriteLine(failure);
    }

    return 2;
}

return Environment.ExitCode;
