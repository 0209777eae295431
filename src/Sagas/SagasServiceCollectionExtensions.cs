using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sagas.InMemory;

namespace Sagas;

/// <summary>Registers Sagas in a service collection.</summary>
public static class SagasServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine with a generated registry and router, and the in-memory store and
    /// transport as defaults. Projects that use the Sagas generator call the generated
    /// <c>services.AddSagas()</c> instead, which passes their own registry and router.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="registry">The generated message registry.</param>
    /// <param name="router">The generated saga router.</param>
    /// <param name="configure">Adjusts <see cref="SagasOptions"/>.</param>
    public static SagasBuilder AddSagas(this IServiceCollection services, IMessageRegistry registry, ISagaRouter router, Action<SagasOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(router);

        var options = services.AddOptions<SagasOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // Checked when the engine is built, so a bad setting stops the host at start with its name.
        options
            .Validate(o => o.CompensationTimeout > TimeSpan.Zero, "Sagas:CompensationTimeout must be a positive time, such as 00:00:30: it is how long a compensation waits for its confirmation.")
            .Validate(o => o.CompensationAttempts >= 1, "Sagas:CompensationAttempts must be 1 or more: it is how many times a compensation is sent before the saga ends in its failed state.");

        services.AddLogging();
        services.TryAddSingleton(registry);
        services.TryAddSingleton(router);
        services.TryAddSingleton<ISagaStore, InMemorySagaStore>();
        services.TryAddSingleton<InMemoryTransport>();
        services.TryAddSingleton<IMessageTransport>(sp => sp.GetRequiredService<InMemoryTransport>());
        services.TryAddSingleton<IFlowHistory>(sp => sp.GetRequiredService<InMemoryTransport>());
        services.TryAddSingleton<IMessageBus, MessageBus>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMessageScheduler, InMemoryScheduler>();
        services.TryAddSingleton<SagaEngine>();
        services.TryAddSingleton(sp => new MessageSubscriptions(
            sp.GetRequiredService<IMessageRegistry>(),
            sp.GetRequiredService<ISagaRouter>(),
            sp.GetServices<MessageHandlerBinding>()));
        return new SagasBuilder(services);
    }
}
