namespace Sagas;

/// <summary>Publishes events and sends commands from application code, outside any handler.</summary>
public interface IMessageBus
{
    /// <summary>Publishes a registered event or sends a registered command.</summary>
    /// <exception cref="UnknownMessageTypeException">The message's type is not registered.</exception>
    /// <exception cref="MissingCorrelationIdException">A saga handles the message, and its correlation id is empty.</exception>
    ValueTask PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : notnull;

    /// <summary>
    /// Publishes a registered event or sends a registered command as the start of a flow with the
    /// given correlation id: for choreographed flows, where no saga's key ties the messages
    /// together. Handlers' messages carry it on, so the flow's messages share a partition and a
    /// flow history (<see cref="IFlowHistory"/>).
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="correlationId">The flow's id, usually the business key (an order id).</param>
    /// <param name="cancellationToken">Cancels the publishing.</param>
    /// <exception cref="UnknownMessageTypeException">The message's type is not registered.</exception>
    /// <exception cref="ArgumentException"><paramref name="correlationId"/> is empty.</exception>
    ValueTask PublishAsync<TMessage>(TMessage message, string correlationId, CancellationToken cancellationToken = default) where TMessage : notnull;
}

internal sealed class MessageBus(IMessageRegistry registry, ISagaRouter router, IMessageTransport transport) : IMessageBus
{
    public ValueTask PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : notnull
    {
        // The key of the saga that will handle it, so a partitioned transport puts it with that saga's other messages.
        var routes = new List<SagaRoute>(1);
        router.Route(message, routes);
        return Publish(message, routes.Count > 0 ? routes[0].CorrelationKey : null, cancellationToken);
    }

    public ValueTask PublishAsync<TMessage>(TMessage message, string correlationId, CancellationToken cancellationToken = default) where TMessage : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(correlationId);
        return Publish(message, correlationId, cancellationToken);
    }

    private ValueTask Publish(object message, string? correlationId, CancellationToken cancellationToken)
    {
        var wireName = registry.GetWireName(message, out var version);
        return SagaTracing.Source.HasListeners()
            ? PublishTracedAsync(message, wireName, version, correlationId, cancellationToken)
            : transport.PublishAsync(Envelope.Create(message, wireName, correlationId, null, DateTimeOffset.UtcNow, null, version), cancellationToken);
    }

    // Async, so the producer span is the current activity only in here; it lasts until the transport has the message.
    private async ValueTask PublishTracedAsync(object message, string wireName, int version, string? correlationId, CancellationToken cancellationToken)
    {
        var producing = SagaTracing.StartProducing("publish", wireName, correlationId, transport.MessagingSystem, sentNow: true);
        var envelope = Envelope.Create(message, wireName, correlationId, null, DateTimeOffset.UtcNow, null, version);
        try
        {
            await transport.PublishAsync(envelope, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SagaTracing.RecordFailure(producing, exception);
            throw;
        }
        finally
        {
            SagaTracing.Produced(producing, envelope);
        }
    }
}
