using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sagas.InMemory;

namespace Sagas;

/// <summary>Registers Sagas in a service collection.</summary>
public static class SagasServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine with a generated registry and router, and the in-memory store and
    /// transport as defaults. Projects that use the Sagas generator call the generated
    /// <c>services.AddSagas()</c> instead, which passes their own registry and router.
    /// <see cref="SagasOptions"/> bind from the host's <c>Sagas</c> configuration section by
    /// themselves; <paramref name="configure"/> runs after, so what it sets wins. Every setting is
    /// checked when the host starts: one out of range stops it with an
    /// <see cref="OptionsValidationException"/> naming the key, the value and what is allowed.
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

        // The Sagas section first, so that what code configures wins over it; then checked at start,
        // so a bad setting stops the host with its key instead of misbehaving later.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SagasOptions>, SagasOptionsBinding>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SagasOptions>, SagasOptionsValidator>());
        var options = services.AddOptions<SagasOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddLogging();
        services.TryAddSingleton(registry);
        services.TryAddSingleton(router);
        services.TryAddSingleton<ISagaStore, InMemorySagaStore>();

        // The read model of saga states and the instances' history are the store's to keep, in the same save as each step.
        services.TryAddSingleton(sp => StoreAs<ISagaStateIndex>(sp, "read model of saga states"));
        services.TryAddSingleton(sp => StoreAs<ISagaHistory>(sp, "history of its instances"));
        services.TryAddSingleton<IDeadLetters>(sp => sp.GetRequiredService<IMessageTransport>() as IDeadLetters
            ?? throw new InvalidOperationException(
                $"The transport {sp.GetRequiredService<IMessageTransport>().GetType().Name} keeps no dead letters that can be listed (IDeadLetters): use the in-memory or the Redis transport, or register an IDeadLetters of your own."));
        services.TryAddSingleton<ITransportBacklog>(sp => sp.GetRequiredService<IMessageTransport>() as ITransportBacklog
            ?? throw new InvalidOperationException(
                $"The transport {sp.GetRequiredService<IMessageTransport>().GetType().Name} cannot tell its services' backlog (ITransportBacklog): use the in-memory or the Redis transport, or register an ITransportBacklog of your own."));
        services.TryAddSingleton<ISagaAdmin, SagaAdmin>();
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

    private static T StoreAs<T>(IServiceProvider services, string what) where T : class
    {
        var store = services.GetRequiredService<ISagaStore>();
        return store as T ?? throw new InvalidOperationException(
            $"The saga store {store.GetType().Name} keeps no {what} ({typeof(T).Name}): use the in-memory or the Redis store, or register an {typeof(T).Name} of your own beside yours.");
    }
}
