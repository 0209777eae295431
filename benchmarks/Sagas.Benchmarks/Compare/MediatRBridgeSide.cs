using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Sagas.Benchmarks.Bridge;
using Sagas.InMemory;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// MediatR 5.1.0 <c>Publish</c> of an <c>[Event]</c> that is an <see cref="INotification"/>, through
/// the generated bridge (<c>AddMediatRBridge()</c>) onto the Sagas bus and the in-memory transport;
/// each message is then taken off the queue and counted, as a worker would take it. MediatR is
/// registered as in <see cref="MediatRSide"/> (<see cref="BridgedApp"/>).
/// </summary>
internal sealed class MediatRBridgeSide : IHandlerSide
{
    private readonly HandlerCount _count = new();
    private ServiceProvider? _services;
    private IServiceScope? _scope;
    private IMediator? _mediator;
    private InMemoryTransport? _transport;

    public string Name => "MediatR 5.1.0 Publish through the Sagas bridge";

    public long Counted => _count.Count;

    public Task StartAsync()
    {
        _services = BridgedApp.Build();
        _scope = _services.CreateScope();
        _mediator = _scope.ServiceProvider.GetRequiredService<IMediator>();
        _transport = _services.GetRequiredService<InMemoryTransport>();
        return Task.CompletedTask;
    }

    public async ValueTask<long> RunAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _mediator!.Publish(new PingBridged(i));
            while (_transport!.TryReceive(out _))
            {
                _count.Add();
            }
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
