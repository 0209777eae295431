using Microsoft.Extensions.DependencyInjection;
using Sagas.InMemory;

namespace Sagas.Tests;

/// <summary>
/// The engine with its in-memory store and transport, wired by the generated <c>AddSagas()</c>;
/// <see cref="DrainAsync"/> runs every waiting message through the engine, one at a time.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public EngineHarness(Action<SagasOptions>? configure = null, Action<SagasBuilder>? build = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<Recorded>();
        services.AddSingleton<ISagaObserver>(sp => sp.GetRequiredService<Recorded>());
        var builder = services.AddSagas(configure)
            .AddHandler<CapturePayment, PaymentParticipant>()
            .AddHandler<RefundPayment, PaymentParticipant>()
            .AddHandler<CancelFlight, BookingParticipant>()
            .AddHandler<CancelHotel, BookingParticipant>();
        build?.Invoke(builder);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public IServiceProvider Services => _services;

    public SagaEngine Engine => _services.GetRequiredService<SagaEngine>();

    public IMessageBus Bus => _services.GetRequiredService<IMessageBus>();

    public InMemoryTransport Transport => _services.GetRequiredService<InMemoryTransport>();

    public ISagaStore Store => _services.GetRequiredService<ISagaStore>();

    public Recorded Recorded => _services.GetRequiredService<Recorded>();

    public IReadOnlyList<SagaTransition> Transitions => [.. Recorded.Items.OfType<SagaTransition>()];

    /// <summary>Handles waiting messages until none is left; returns how many were handled.</summary>
    public async Task<int> DrainAsync()
    {
        var handled = 0;
        while (Transport.TryReceive(out var incoming))
        {
            await Engine.HandleAsync(incoming.Envelope, CancellationToken.None);
            await incoming.AckAsync(CancellationToken.None);
            handled++;
        }

        return handled;
    }

    /// <summary>Publishes each message through the bus, then handles everything waiting.</summary>
    public async Task PublishAndDrainAsync(params object[] messages)
    {
        foreach (var message in messages)
        {
            await Bus.PublishAsync(message);
        }

        await DrainAsync();
    }

    public async Task<SagaSnapshot?> LoadAsync(Guid orderId) =>
        await Store.LoadAsync(new SagaKey(OrderSaga.SagaDefinition.Instance.Name, orderId.ToString("D")), "-", CancellationToken.None);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
