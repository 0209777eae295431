using StackExchange.Redis;

namespace Sagas;

// The streams' consumer groups as ITransportBacklog: every group found on the streams of every
// registered message type, so that each service sharing this Redis (and key prefix) shows, not only
// this one. The dead-letter stream and the flow logs are no service's queue: not looked at.
public sealed partial class RedisStreamTransport : ITransportBacklog
{
    /// <inheritdoc/>
    /// <remarks>
    /// One <c>XINFO GROUPS</c> a stream, all in one round trip: the streams of every message type
    /// this application registers, in each of its partitions. A service reading a type this
    /// application does not know of shows with the streams it shares with it only. Services are
    /// ordered by name, their queues by key.
    /// </remarks>
    public async ValueTask<IReadOnlyList<ServiceBacklog>> GetBacklogAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var groups = await ConsumerBacklog.ReadEveryGroupAsync(database, KnownStreams(), cancellationToken).ConfigureAwait(false);
        return [.. groups
            .GroupBy(g => g.Group, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(Service)];
    }

    private static ServiceBacklog Service(IGrouping<string, ConsumerBacklog> group)
    {
        QueueBacklog[] queues = [.. group.Select(q => new QueueBacklog((string)q.Stream!, q.Lag, q.Pending)).OrderBy(q => q.Queue, StringComparer.Ordinal)];

        // Unknown for one queue, unknown in sum: a partial count would pass for the whole.
        var lag = queues.All(q => q.Lag is not null) ? queues.Sum(q => q.Lag!.Value) : (long?)null;
        return new ServiceBacklog(group.Key, lag, queues.Sum(q => q.Pending), queues);
    }

    // Every registered type's streams, with this service's own (a subset, unless a handler's type
    // came from elsewhere), each once.
    private IEnumerable<RedisKey> KnownStreams() =>
        Enumerable.Range(0, _options.Partitions)
            .SelectMany(p => _registry.WireNames.Select(w => _keys.Stream(w, p)))
            .Concat(Streams)
            .Distinct();
}
