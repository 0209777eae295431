using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// MediatR 5.1.0: <c>Publish</c> of a new <see cref="INotification"/> to one handler that counts it.
/// Registered in Microsoft.Extensions.DependencyInjection the way MediatR's own DI package of that
/// time did (its package is not served here): a scoped <see cref="ServiceFactory"/> and
/// <see cref="IMediator"/>, transient handlers; the mediator resolved once from a scope.
/// </summary>
internal sealed class MediatRSide : IHandlerSide
{
    private readonly HandlerCount _count = new();
    private ServiceProvider? _services;
    private IServiceScope? _scope;
    private IMediator? _mediator;

    public string Name => "MediatR 5.1.0 Publish";

    public long Counted => _count.Count;

    public Task StartAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_count);
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, MediatR.Mediator>(); // "Mediator" alone is the namespace Mediator 3 generates into
        services.AddTransient<INotificationHandler<MediatRPing>, MediatRPingHandler>();
        _services = services.BuildServiceProvider();
        _scope = _services.CreateScope();
        _mediator = _scope.ServiceProvider.GetRequiredService<IMediator>();
        return Task.CompletedTask;
    }

    public async ValueTask<long> RunAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _mediator!.Publish(new MediatRPing(i));
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        _scope?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}

/// <summary>The notification MediatR publishes.</summary>
public sealed record MediatRPing(int Id) : INotification;

/// <summary>Counts each notification.</summary>
public sealed class MediatRPingHandler(HandlerCount count) : INotificationHandler<MediatRPing>
{
    public Task Handle(MediatRPing notification, CancellationToken cancellationToken)
    {
        count.Add();
        return Task.CompletedTask;
    }
}
