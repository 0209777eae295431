using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// Mediator 3.0.2 (source-generated): <c>IMediator.Publish</c> of a new notification to one handler
/// that counts it, registered by the generated <c>AddMediator()</c> at its default (singleton) lifetime.
/// </summary>
internal sealed class MediatorSide : IHandlerSide
{
    private readonly HandlerCount _count = new();
    private ServiceProvider? _services;
    private global::Mediator.IMediator? _mediator;

    public string Name => "Mediator 3.0.2 Publish";

    public long Counted => _count.Count;

    public Task StartAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_count);
        services.AddMediator();
        _services = services.BuildServiceProvider();
        _mediator = _services.GetRequiredService<global::Mediator.IMediator>();
        return Task.CompletedTask;
    }

    public async ValueTask<long> RunAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _mediator!.Publish(new MediatorPing(i));
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}

/// <summary>The notification Mediator publishes.</summary>
public sealed record MediatorPing(int Id) : global::Mediator.INotification;

/// <summary>Counts each notification.</summary>
public sealed class MediatorPingHandler(HandlerCount count) : global::Mediator.INotificationHandler<MediatorPing>
{
    public ValueTask Handle(MediatorPing notification, CancellationToken cancellationToken)
    {
        count.Add();
        return ValueTask.CompletedTask;
    }
}
