using StackExchange.Redis;

namespace Sagas;

/// <summary>How far one consumer group is behind on one stream, from <c>XINFO GROUPS</c>.</summary>
/// <param name="Stream">The stream's key.</param>
/// <param name="Group">The consumer group: a service's name.</param>
/// <param name="Lag">Entries the group has not read yet; <see langword="null"/> when Redis cannot tell (before 7.0, or after an XDEL).</param>
/// <param name="Pending">Entries the group's consumers read and have not acknowledged.</param>
internal readonly record struct ConsumerBacklog(RedisKey Stream, string Group, long? Lag, long Pending)
{
    /// <summary>
    /// Reads <paramref name="group"/>'s backlog on each of <paramref name="streams"/>: one
    /// <c>XINFO GROUPS</c> a stream (O(1) on the server), all sent at once so that many streams
    /// cost one round trip. A stream that does not exist yet, or that the group has not joined
    /// yet, is left out.
    /// </summary>
    /// <param name="database">Where to send the commands.</param>
    /// <param name="streams">The streams the group consumes.</param>
    /// <param name="group">The consumer group: the service's name.</param>
    /// <param name="cancellationToken">Stops waiting; a command already sent is abandoned, not awaited.</param>
    public static async Task<ConsumerBacklog[]> ReadAsync(IDatabase database, IEnumerable<RedisKey> streams, string group, CancellationToken cancellationToken)
    {
        var every = await ReadEveryGroupAsync(database, streams, cancellationToken).ConfigureAwait(false);
        return [.. every.Where(b => b.Group == group)];
    }

    /// <summary>
    /// Reads the backlog of every consumer group on each of <paramref name="streams"/>, in one round
    /// trip as <see cref="ReadAsync"/> does: every service reading them, this one or not. A stream
    /// that does not exist yet is left out.
    /// </summary>
    /// <param name="database">Where to send the commands.</param>
    /// <param name="streams">The streams to look at.</param>
    /// <param name="cancellationToken">Stops waiting; a command already sent is abandoned, not awaited.</param>
    /// <returns>One entry per stream and group, in the order of <paramref name="streams"/>.</returns>
    public static async Task<ConsumerBacklog[]> ReadEveryGroupAsync(IDatabase database, IEnumerable<RedisKey> streams, CancellationToken cancellationToken)
    {
        var reads = streams.Select(s => ReadGroupsAsync(database, s)).ToArray();
        var read = await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. read.SelectMany(groups => groups)];
    }

    private static async Task<List<ConsumerBacklog>> ReadGroupsAsync(IDatabase database, RedisKey stream)
    {
        RedisResult reply;
        try
        {
            reply = await database.ExecuteAsync("XINFO", "GROUPS", stream).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            return []; // no message of this type yet
        }

        var groups = new List<ConsumerBacklog>();
        foreach (var entry in (RedisResult[])reply!)
        {
            // A flat list of name, value, name, value, ... (RESP2).
            var fields = (RedisResult[])entry!;
            string? name = null;
            long? lag = null;
            long pending = 0;
            for (var i = 0; i + 1 < fields.Length; i += 2)
            {
                switch ((string?)fields[i])
                {
                    case "name":
                        name = (string?)fields[i + 1];
                        break;
                    case "pending":
                        pending = (long)fields[i + 1];
                        break;
                    case "lag" when !fields[i + 1].IsNull:
                        lag = (long)fields[i + 1];
                        break;
                }
            }

            if (name is not null)
            {
                groups.Add(new ConsumerBacklog(stream, name, lag, pending));
            }
        }

        return groups;
    }
}
