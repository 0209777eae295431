using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Sagas;

namespace Sagas.Benchmarks.Bridge;

/// <summary>The event MediatR publishes and the generated bridge puts on the Sagas bus.</summary>
[Event]
public sealed record PingBridged(int Id) : INotification;

/// <summary>An app with Sagas in memory, the generated MediatR bridge, and MediatR 5.1.0 registered as its DI package of that time did.</summary>
public static class BridgedApp
{
    public static ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSagas().AddMediatRBridge();
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        return services.BuildServiceProvider();
    }
}
