using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderFulfillment;
using Sagas.Generated.OrderFulfillment;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// A Sagas participant handling one message: <see cref="SagaEngine.HandleAsync"/> of a new
/// envelope holding a new CapturePayment, to an <see cref="IMessageHandler{TMessage}"/> registered
/// with <c>AddHandler</c> that counts it, on the in-memory store (each handling saved with its
/// inbox entry, as on the worker's path).
/// </summary>
internal sealed class SagasParticipantSide : IHandlerSide
{
    private readonly HandlerCount _count = new();
    private readonly LogCounter _logs = new();
    private ServiceProvider? _services;
    private SagaEngine? _engine;
    private string _wireName = "";

    public string Name => "Sagas participant";

    public long Counted => _logs.Count > 0
        ? throw new WorkflowFailedException($"Sagas logged {_logs.Count} warning(s) or error(s); first: {string.Join(" | ", _logs.First)}")
        : _count.Count;

    public Task StartAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(_count);
        services.AddSagas(MessageRegistry.Instance, SagaRouter.Instance, HandlerSideSettings.KeepNoFinished).AddHandler<CapturePayment, CountingCapturePayment>();
        _services = services.BuildServiceProvider();
        _engine = _services.GetRequiredService<SagaEngine>();
        _wireName = MessageRegistry.Instance.GetWireName(new CapturePayment(Guid.Empty, 0));
        return Task.CompletedTask;
    }

    public async ValueTask<long> RunAsync(int count)
    {
        // As the saga sends it: its correlation id, one string per saga.
        var orderId = Guid.NewGuid();
        var correlationId = orderId.ToString("D");
        for (var i = 0; i < count; i++)
        {
            await _engine!.HandleAsync(Envelope.Create(new CapturePayment(orderId, i), _wireName, correlationId), CancellationToken.None);
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

    /// <summary>The participant: counts the command, replies nothing.</summary>
    public sealed class CountingCapturePayment(HandlerCount count) : IMessageHandler<CapturePayment>
    {
        public ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken)
        {
            count.Add();
            return ValueTask.CompletedTask;
        }
    }
}
