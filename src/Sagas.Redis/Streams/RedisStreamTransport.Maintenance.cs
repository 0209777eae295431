using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// The transport's housekeeping, next to its readers: taking over what dead workers left,
/// dead-lettering what keeps killing them, trimming, and forgetting their consumers.
/// </summary>
public sealed partial class RedisStreamTransport
{
    // Every so often: take over messages that another worker read and never acknowledged (it died),
    // dead-letter those that keep killing their workers, trim what every group has acknowledged,
    // and forget the consumers of workers long gone.
    private async Task MaintainAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(failures == 0 ? _options.MaintenanceInterval : Backoff(failures), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            try
            {
                foreach (var stream in _streams.SelectMany(s => s))
                {
                    await RenewLeasesAsync(await _connection.GetDatabaseAsync(stopping).ConfigureAwait(false), stream, stopping).ConfigureAwait(false);
                    await ClaimAbandonedAsync(stream, stopping).ConfigureAwait(false);
                    await TrimAsync(stream, stopping).ConfigureAwait(false);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                RedisLog.MaintenanceFailed(_logger, GroupName, e);
            }
        }
    }

    private async Task ClaimAbandonedAsync(RedisKey stream, CancellationToken stopping)
    {
        var database = await _connection.GetDatabaseAsync(stopping).ConfigureAwait(false);
        StreamAutoClaimResult claimed;
        try
        {
            claimed = await database.StreamAutoClaimAsync(
                stream, GroupName, ConsumerName, (long)_options.ClaimIdleTime.TotalMilliseconds, StreamPosition.Beginning, _options.BatchSize).WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return; // the reader recreates the group
        }

        foreach (var entry in claimed.ClaimedEntries)
        {
            Hold(stream, (string)entry.Id!, deliveries: 1);
        }

        var accepted = 0;
        try
        {
            foreach (var entry in claimed.ClaimedEntries)
            {
                var id = (string)entry.Id!;
                var deliveries = await DeliveriesAsync(database, stream, id).WaitAsync(stopping).ConfigureAwait(false);
                Hold(stream, id, deliveries); // the count now known: a give-back at stop keeps it
                RedisLog.Claimed(_logger, id, (string)stream!, deliveries);
                // An entry deleted while pending comes back without fields: dead-lettered as malformed.
                await AcceptAsync(stream, id, entry.Values ?? [], deliveries, stopping).ConfigureAwait(false);
                accepted++;
            }
        }
        catch (Exception) when (!stopping.IsCancellationRequested)
        {
            // Redis went away half-way: let go of the rest, or their leases would be renewed for ever.
            foreach (var entry in claimed.ClaimedEntries.Skip(accepted))
            {
                Release(stream, (string)entry.Id!);
            }

            throw;
        }
    }

    private async Task<long> DeliveriesAsync(IDatabase database, RedisKey stream, string id)
    {
        var pending = await database.StreamPendingMessagesAsync(stream, GroupName, 1, RedisValue.Null, id, id).ConfigureAwait(false);
        return pending.Length == 0 ? 1 : pending[0].DeliveryCount;
    }

    private async Task TrimAsync(RedisKey stream, CancellationToken stopping)
    {
        var database = await _connection.GetDatabaseAsync(stopping).ConfigureAwait(false);
        // Twice the longer of the claim time and a blocking read: a live reader is never that idle.
        var forgetAfter = (long)(2 * Math.Max(_options.ClaimIdleTime.TotalMilliseconds, _options.BlockTime.TotalMilliseconds));
        await database.ScriptEvaluateAsync(StreamScripts.Trim, [stream], [GroupName, forgetAfter]).WaitAsync(stopping).ConfigureAwait(false);
    }
}
