namespace Sagas;

/// <summary>
/// Every message of one flow (one correlation id), across services, in the order the transport
/// received them: how an orchestrated or a choreographed process went, read after the fact.
/// The in-memory transport keeps every flow of the process; the Redis transport keeps each for
/// <c>RedisStreamsOptions.FlowLogRetention</c> after its last message.
/// </summary>
public interface IFlowHistory
{
    /// <summary>The flow's messages, oldest first; empty when none is kept.</summary>
    /// <param name="correlationId">The flow's correlation id: a saga's key, or the id given to <see cref="IMessageBus"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<Envelope>> GetFlowAsync(string correlationId, CancellationToken cancellationToken);
}
