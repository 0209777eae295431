using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderFulfillment;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// MassTransit 8 in memory, configured as its documentation shows: <c>AddMassTransit</c> with the
/// state machine on the in-memory saga repository, a consumer per participant, the in-memory
/// transport with <c>ConfigureEndpoints</c> (an endpoint per consumer and one for the saga, at
/// MassTransit's default concurrency), and, for the timeouts, the delayed message scheduler the
/// in-memory transport documents; orders placed through <see cref="IBus"/>. The hosted service
/// that <c>AddMassTransit</c> adds starts and stops the bus with the host.
/// </summary>
internal sealed class MassTransitWorkflowSide(MassTransitTimeouts timeouts) : IWorkflowSide
{
    private readonly LogCounter _logs = new();
    private IHost? _host;
    private IBus? _bus;

    public string Name => timeouts.Enabled ? "MassTransit" : "MassTransit without timeouts";

    public OrderTally Tally { get; } = new();

    public IReadOnlyDictionary<string, string> Notes { get; } = new Dictionary<string, string>
    {
        ["MassTransit"] = typeof(IBus).Assembly.GetName().Version?.ToString(3) ?? "?",
    };

    public async Task StartAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "Sagas.Benchmarks" });
        builder.Logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(Tally);
        builder.Services.AddSingleton(timeouts);
        builder.Services.AddSingleton<IRefundLedger, InMemoryRefundLedger>();
        builder.Services.AddOptions<InjectedFailures>();
        builder.Services.AddMassTransit(x =>
        {
            if (timeouts.Enabled)
            {
                x.AddDelayedMessageScheduler();
            }

            x.AddSagaStateMachine<MassTransitOrderStateMachine, OrderState>().InMemoryRepository();
            x.AddConsumer<PaymentConsumer>();
            x.AddConsumer<InventoryConsumer>();
            x.AddConsumer<ShippingConsumer>();
            x.UsingInMemory((context, cfg) =>
            {
                if (timeouts.Enabled)
                {
                    cfg.UseDelayedMessageScheduler();
                }

                cfg.ConfigureEndpoints(context);
            });
        });
        _host = builder.Build();
        await _host.StartAsync();
        _bus = _host.Services.GetRequiredService<IBus>();
    }

    public ValueTask PlaceAsync(OrderPlaced order) => new(_bus!.Publish(order));

    public Task<IReadOnlyDictionary<Guid, string>> ReadStatesAsync(IReadOnlyCollection<Guid> orders)
    {
        if (_logs.Count > 0)
        {
            throw new WorkflowFailedException($"MassTransit logged {_logs.Count} warning(s) or error(s); first: {string.Join(" | ", _logs.First)}");
        }

        // The in-memory repository's own dictionary, as registered by InMemoryRepository().
        var sagas = _host!.Services.GetRequiredService<IndexedSagaDictionary<OrderState>>();
        var states = sagas.Select(s => (s.CorrelationId, s.CurrentState)).ToDictionary(s => s.CorrelationId, s => s.CurrentState);
        return Task.FromResult<IReadOnlyDictionary<Guid, string>>(states);
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
}
