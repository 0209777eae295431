using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrderFulfillment;
using Sagas.Generated.OrderFulfillment;
using Sagas.Hosting;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// Sagas in memory, as README's quick start runs it: a worker service with <c>AddSagas()</c> (here
/// the sample's generated registry and router, its generated <c>AddSagas()</c> being internal to
/// it), the sample's participants, the in-memory store, transport and scheduler, and the hosted
/// worker at its default settings; orders placed through <see cref="IMessageBus"/>.
/// </summary>
internal sealed class SagasWorkflowSide(int sagas) : IWorkflowSide
{
    // Each saga leaves its own record and three participants' (four with a refund): all kept, as
    // MassTransit's repository keeps every saga, so that the check reads every one back.
    private readonly int _keep = 2 * sagas * 5;

    private readonly LogCounter _logs = new();
    private IHost? _host;
    private IMessageBus? _bus;

    public string Name => "Sagas";

    public OrderTally Tally { get; } = new();

    public IReadOnlyDictionary<string, string> Notes { get; private set; } = new Dictionary<string, string>();

    public async Task StartAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "Sagas.Benchmarks" });
        builder.Logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<ISagaObserver>(new TallyObserver(Tally));
        builder.Services.AddSagas(MessageRegistry.Instance, SagaRouter.Instance, o => o.InMemory.MaxCompleted = Math.Max(_keep, o.InMemory.MaxCompleted))
            .AddHandler<CapturePayment, PaymentService>()
            .AddHandler<RefundPayment, PaymentService>()
            .AddHandler<ReserveStock, InventoryService>()
            .AddHandler<ReleaseStock, InventoryService>()
            .AddHandler<ShipOrder, ShippingService>()
            .AddHostedWorker();
        builder.Services.AddSingleton<IRefundLedger, InMemoryRefundLedger>();
        _host = builder.Build();
        await _host.StartAsync();
        _bus = _host.Services.GetRequiredService<IMessageBus>();
        Notes = new Dictionary<string, string>
        {
            ["Sagas in-memory MaxCompleted"] = _keep.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " (every finished record of the run kept, as MassTransit keeps its sagas)",
            ["Sagas worker concurrency"] = _host.Services.GetRequiredService<IOptions<SagasOptions>>().Value.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public ValueTask PlaceAsync(OrderPlaced order) => _bus!.PublishAsync(order);

    public async Task<IReadOnlyDictionary<Guid, string>> ReadStatesAsync(IReadOnlyCollection<Guid> orders)
    {
        if (_logs.Count > 0)
        {
            throw new WorkflowFailedException($"Sagas logged {_logs.Count} warning(s) or error(s); first: {string.Join(" | ", _logs.First)}");
        }

        // A message id no order handled, so the loads read and change nothing.
        const string Probe = "compare-verification";
        var store = _host!.Services.GetRequiredService<ISagaStore>();
        var states = new Dictionary<Guid, string>(orders.Count);
        foreach (var order in orders)
        {
            var snapshot = await store.LoadAsync(new SagaKey(OrderSaga.SagaDefinition.Instance.Name, order.ToString("D")), Probe, CancellationToken.None);
            states[order] = snapshot is null ? "(missing)" : snapshot.State;
        }

        return states;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _host.StopAsync(stopping.Token);
            _host.Dispose();
        }
    }

    private sealed class TallyObserver(OrderTally tally) : ISagaObserver
    {
        public void OnTransition(SagaTransition transition)
        {
            tally.Transition();
            if (transition.IsFinal)
            {
                tally.Finish(transition.ToState);
            }
        }
    }
}
