using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderFulfillment;
using Sagas.Generated.OrderFulfillment;
using Sagas.InMemory;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// Sagas saga transitions, one message at a time: the sample's OrderSaga driven through
/// <see cref="SagaEngine.HandleAsync"/> on the in-memory store, transport and scheduler, with no
/// participant: the loop brings each order's replies itself (PaymentCaptured, then StockReserved
/// and OrderShipped, or for one order in ten StockUnavailable and PaymentRefunded), and takes the
/// commands the saga sends off the in-memory transport. Four transitions per order, each counted
/// by an <see cref="ISagaObserver"/>.
/// </summary>
internal sealed class SagasTransitionSide : IHandlerSide
{
    private readonly HandlerCount _count = new();
    private readonly LogCounter _logs = new();
    private ServiceProvider? _services;
    private SagaEngine? _engine;
    private InMemoryTransport? _transport;

    public string Name => "Sagas saga transition";

    public long Counted => _logs.Count > 0
        ? throw new WorkflowFailedException($"Sagas logged {_logs.Count} warning(s) or error(s); first: {string.Join(" | ", _logs.First)}")
        : _count.Count;

    public Task StartAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<ISagaObserver>(new CountingObserver(_count));
        services.AddSagas(MessageRegistry.Instance, SagaRouter.Instance, HandlerSideSettings.KeepNoFinished);
        _services = services.BuildServiceProvider();
        _engine = _services.GetRequiredService<SagaEngine>();
        _transport = _services.GetRequiredService<InMemoryTransport>();
        return Task.CompletedTask;
    }

    public async ValueTask<long> RunAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var order = Orders.Next();
            var id = order.OrderId;
            await HandleAsync(order);
            await HandleAsync(new PaymentCaptured(id, "pay"));
            if (order.Sku == InventoryService.OutOfStockSku)
            {
                await HandleAsync(new StockUnavailable(id, order.Sku));
                await HandleAsync(new PaymentRefunded(id, "pay"));
            }
            else
            {
                await HandleAsync(new StockReserved(id));
                await HandleAsync(new OrderShipped(id, "track"));
            }
        }

        return 4L * count;
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    private async ValueTask HandleAsync(object message)
    {
        await _engine!.HandleAsync(Envelope.Create(message, MessageRegistry.Instance.GetWireName(message)), CancellationToken.None);
        while (_transport!.TryReceive(out _))
        {
            // The saga's commands: no participant here; taken off the queue so it does not grow.
        }
    }

    private sealed class CountingObserver(HandlerCount count) : ISagaObserver
    {
        public void OnTransition(SagaTransition transition) => count.Add();
    }
}
