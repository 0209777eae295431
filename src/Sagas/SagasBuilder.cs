using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sagas;

/// <summary>Configures Sagas after <c>services.AddSagas()</c>: store, transport, handlers, hosting.</summary>
public sealed class SagasBuilder
{
    internal SagasBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection Sagas is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers a participant's handler for <typeparamref name="TMessage"/>, resolved per message.</summary>
    public SagasBuilder AddHandler<TMessage, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
        where TMessage : notnull
        where THandler : class, IMessageHandler<TMessage>
    {
        Services.TryAddTransient<THandler>();
        Services.AddSingleton(new MessageHandlerBinding(
            typeof(THandler).FullName ?? typeof(THandler).Name,
            typeof(TMessage),
            (services, message, context, cancellationToken) =>
                services.GetRequiredService<THandler>().HandleAsync((TMessage)message, context, cancellationToken)));
        return this;
    }

    /// <summary>
    /// Removes every handler registered for <typeparamref name="TMessage"/> so far (by
    /// <see cref="AddHandler{TMessage, THandler}"/> or a generated <c>Add{ClassName}()</c>); the
    /// participants' other messages keep their handlers. A test replaces a participant's handling
    /// of one message this way, with a canned reply.
    /// </summary>
    public SagasBuilder RemoveHandlers<TMessage>() where TMessage : notnull
    {
        for (var i = Services.Count - 1; i >= 0; i--)
        {
            if (Services[i].ImplementationInstance is MessageHandlerBinding binding && binding.MessageType == typeof(TMessage))
            {
                Services.RemoveAt(i);
            }
        }

        return this;
    }

    /// <summary>
    /// Runs no saga in this process, only the registered handlers: for a participant service built
    /// from a project that also compiles sagas (a sample that runs every service from one project).
    /// Its worker then reads only its handlers' messages, and <see cref="IMessageBus"/> still
    /// publishes every registered message.
    /// </summary>
    public SagasBuilder WithoutSagas()
    {
        Services.Replace(ServiceDescriptor.Singleton<ISagaRouter>(NoSagaRouter.Instance));
        return this;
    }

    /// <summary>Replaces the in-memory store with another one.</summary>
    public SagasBuilder UseStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>() where TStore : class, ISagaStore
    {
        Services.Replace(ServiceDescriptor.Singleton<ISagaStore, TStore>());
        return this;
    }
}
