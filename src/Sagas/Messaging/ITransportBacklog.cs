namespace Sagas;

/// <summary>
/// How far behind each service reading the transport is: the services (consumer groups) found on
/// its queues, with the messages they have not read yet and those read but not acknowledged.
/// Several services sharing one Redis each appear here. The in-memory and Redis transports implement it.
/// </summary>
public interface ITransportBacklog
{
    /// <summary>Every service reading the transport's queues, by name, with its backlog.</summary>
    /// <param name="cancellationToken">Stops waiting for the transport.</param>
    ValueTask<IReadOnlyList<ServiceBacklog>> GetBacklogAsync(CancellationToken cancellationToken);
}

/// <summary>One service's backlog, summed over the queues it reads.</summary>
/// <param name="Service">The service (consumer group) name.</param>
/// <param name="Lag">Messages not read yet; <see langword="null"/> when the transport cannot tell for some queue.</param>
/// <param name="Pending">Messages read and not yet acknowledged (being handled, or waiting for a retry).</param>
/// <param name="Queues">The queues (Redis streams) it reads, each with its own lag and pending count.</param>
public sealed record ServiceBacklog(string Service, long? Lag, long Pending, IReadOnlyList<QueueBacklog> Queues);

/// <summary>One service's backlog on one queue.</summary>
/// <param name="Queue">The queue's name (a Redis stream's key).</param>
/// <param name="Lag">Messages not read yet; <see langword="null"/> when the transport cannot tell.</param>
/// <param name="Pending">Messages read and not yet acknowledged.</param>
public sealed record QueueBacklog(string Queue, long? Lag, long Pending);
