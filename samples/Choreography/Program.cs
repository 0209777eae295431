// The choreography sample: payment, inventory and shipping services react to each other's events,
// with no coordinator; a failure event makes the services that already acted undo their own work.
//   dotnet run --project samples/Choreography                          every service in one process, in memory
//   dotnet run --project samples/Choreography -- --redis HOST:PORT     the launcher starts each service as a process of
//                                                                      its own on Redis, places the orders, prints the outcome
//   ... -- --redis HOST:PORT --service payment|inventory|shipping       one service, until stopped (what the launcher starts)
using Choreography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sagas;

string[] services = ["payment", "inventory", "shipping"];
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var redis = builder.Configuration["redis"] ?? builder.Configuration["Sagas:Redis:Configuration"];
var service = builder.Configuration["service"] ?? (string.IsNullOrWhiteSpace(redis) ? "all" : "launcher");
if (service is not ("all" or "launcher") && !services.Contains(service))
{
    Console.Error.WriteLine($"--service {service} is not a service of this sample: use {string.Join(", ", services)}.");
    return 2;
}

if (service != "all" && string.IsNullOrWhiteSpace(redis))
{
    Console.Error.WriteLine($"--service {service} runs one service of several, which must meet on Redis: add --redis HOST:PORT.");
    return 2;
}

// Each service registers only its own handlers: its subscriptions, known at compile time.
var sagas = builder.Services.AddSagas().AddHostedWorker(); // settings bind from the Sagas section (--Sagas:Concurrency 4)
if (service is "all" or "payment")
{
    sagas.AddPaymentService();
}

if (service is "all" or "inventory")
{
    sagas.AddInventoryService();
}

if (service is "all" or "shipping")
{
    sagas.AddShippingService();
}

if (service is "all" or "launcher")
{
    sagas.AddOutcomeListener();
    builder.Services.AddSingleton<FlowOutcomes>();
    builder.Services.Configure<LauncherOptions>(builder.Configuration.GetSection("Launcher"));
    builder.Services.AddHostedService<OrderLauncher>();
}

if (!string.IsNullOrWhiteSpace(redis))
{
    // One consumer group per service: each sees every event it subscribes to, whoever else does.
    sagas.UseRedis(
        redis,
        configureStreams: streams => streams.ServiceName = "Choreography." + service); // the rest binds from Sagas:Redis and Sagas:Redis:Streams
}

var launcher = builder.Configuration.GetSection("Launcher").Get<LauncherOptions>() ?? new LauncherOptions();
ServiceProcesses? children = null;
try
{
    using var host = builder.Build();
    if (service == "launcher")
    {
        // The address only: the configuration string may hold a password.
        Console.WriteLine($"Services: {string.Join(", ", services)}, each a process of its own on Redis at {host.Services.GetRequiredService<RedisConnection>().Address}");
        children = ServiceProcesses.Start(services, launcher.Replicas, args);
    }
    else if (service == "all")
    {
        Console.WriteLine("Services: payment, inventory, shipping, in one process, in memory");
    }

    await host.RunAsync();

    // A service that died is worth saying, but the outcome is what counts: its replica, if any, took over.
    if (children?.Exited.ToList() is { Count: > 0 } exited)
    {
        Console.Error.WriteLine("Services that stopped during the run: " + string.Join(", ", exited));
    }
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
finally
{
    children?.Dispose();
}

return Environment.ExitCode;
