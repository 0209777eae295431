using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// What this worker holds, read but not settled, and how it lets go: the lease on each held entry
/// is renewed so no other worker takes it over while it waits for a consumer; a failed message is
/// given back to come again after its delay, to any worker; and on stop, what no consumer started
/// is given back at once.
/// </summary>
public sealed partial class RedisStreamTransport
{
    // Every entry this worker read and has not settled: when it was read (or its lease last
    // renewed), its delivery count, and whether a consumer has started it.
    private readonly ConcurrentDictionary<(RedisKey Stream, string Id), Held> _held = new();

    // Ends the retry timers with the consumer.
    private CancellationToken _consumingToken;

    private sealed class Held(long deliveries)
    {
        public long Deliveries { get; } = deliveries;

        public long Since { get; set; } = Environment.TickCount64;

        public bool Started { get; set; }
    }

    private void Hold(RedisKey stream, string id, long deliveries) => _held[(stream, id)] = new Held(deliveries);

    private void Release(RedisKey stream, string id) => _held.TryRemove((stream, id), out _);

    // A settlement (acknowledgement, give-back, dead-lettering) that fails, Redis having gone away,
    // lets go of the entry: still held, its lease would be renewed as long as this worker runs and no
    // worker would ever take it. Let go, it comes again after ClaimIdleTime, to this worker or another,
    // and the inbox recognises whatever its handling saved.
    private async ValueTask LetGoIfFailedAsync(RedisKey stream, string id, ValueTask settling)
    {
        try
        {
            await settling.ConfigureAwait(false);
        }
        catch
        {
            Release(stream, id);
            throw;
        }
    }

    private void MarkStarted(RedisKey stream, string id)
    {
        if (_held.TryGetValue((stream, id), out var held))
        {
            held.Started = true;
        }
    }

    // Resets the idle time of the entries held for a third of ClaimIdleTime, so that no other
    // worker's XAUTOCLAIM takes them while they wait. The same minimum idle time keeps this from
    // taking back an entry that another worker took over meanwhile (its idle time is then lower).
    private async Task RenewLeasesAsync(IDatabase database, RedisKey stream, CancellationToken stopping)
    {
        var third = (long)(_options.ClaimIdleTime.TotalMilliseconds / 3);
        var now = Environment.TickCount64;
        RedisValue[] due = [.. _held.Where(h => h.Key.Stream == stream && now - h.Value.Since >= third).Select(h => (RedisValue)h.Key.Id)];
        if (due.Length == 0)
        {
            return;
        }

        var renewed = await database.StreamClaimIdsOnlyAsync(stream, GroupName, ConsumerName, third, due).WaitAsync(stopping).ConfigureAwait(false);
        foreach (var id in renewed)
        {
            if (_held.TryGetValue((stream, (string)id!), out var held))
            {
                held.Since = now;
            }
        }
    }

    // Gives an entry back: it stays pending, with an idle time that makes it due for XAUTOCLAIM
    // (any worker's) when the delay has passed; this worker also claims it back itself then, so a
    // short retry delay is not rounded up to MaintenanceInterval.
    private async ValueTask RetryLaterAsync(RedisKey stream, string id, long retryCount, TimeSpan delay, CancellationToken cancellationToken)
    {
        var idle = (long)Math.Max(0, (_options.ClaimIdleTime - delay).TotalMilliseconds);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.ScriptEvaluateAsync(StreamScripts.GiveBack, [stream], [GroupName, ConsumerName, id, idle, Math.Max(0, retryCount)]).ConfigureAwait(false);
        Release(stream, id);
        if (delay > TimeSpan.Zero)
        {
            _ = ClaimBackAsync(stream, id, delay, _consumingToken);
        }
    }

    private async Task ClaimBackAsync(RedisKey stream, string id, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, stopping).ConfigureAwait(false);
            var database = await _connection.GetDatabaseAsync(stopping).ConfigureAwait(false);
            // A little under ClaimIdleTime: ahead of other workers' XAUTOCLAIM, never ahead of the delay.
            var minIdle = (long)Math.Max(0, _options.ClaimIdleTime.TotalMilliseconds - 100);
            var claimed = await database.StreamClaimAsync(stream, GroupName, ConsumerName, minIdle, [id]).WaitAsync(stopping).ConfigureAwait(false);
            if (claimed.Length == 0)
            {
                return; // taken by another worker, or settled
            }

            Hold(stream, id, deliveries: 1);
            var deliveries = await DeliveriesAsync(database, stream, id).WaitAsync(stopping).ConfigureAwait(false);
            Hold(stream, id, deliveries);
            await AcceptAsync(stream, id, claimed[0].Values ?? [], deliveries, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // It stays pending and due: another worker's XAUTOCLAIM, or this one's, takes it, once it is no longer held here.
            Release(stream, id);
            RedisLog.ClaimBackFailed(_logger, id, (string)stream!, e);
        }
    }

    // Runs the readers and the maintenance; when they stop, gives back at once every entry that no
    // consumer started, so that another worker takes it within its MaintenanceInterval instead of
    // after ClaimIdleTime.
    private async Task ConsumeAsync(IEnumerable<Task> loops, CancellationTokenSource stopping)
    {
        _consumingToken = stopping.Token;
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            while (_received.Reader.TryRead(out _))
            {
                // Dropped from the buffer; each is still held, and given back below.
            }

            var handedBack = 0;
            foreach (var ((stream, id), held) in _held.Where(h => !h.Value.Started).ToList())
            {
                try
                {
                    await RetryLaterAsync(stream, id, held.Deliveries - 1, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                    handedBack++;
                }
                catch (Exception e)
                {
                    RedisLog.ClaimBackFailed(_logger, id, (string)stream!, e);
                }
            }

            if (handedBack > 0)
            {
                RedisLog.HandedBack(_logger, GroupName, handedBack);
            }

            stopping.Dispose();
        }
    }

    // A malformed or undeliverable entry goes to the dead-letter stream with its reason. If even that
    // fails (an entry too big or too odd for the dead-letter stream), it is acknowledged and recorded,
    // without its fields, in the bounded quarantine stream, so it cannot hold up its batch for ever.
    private async Task SetAsideAsync(RedisKey stream, string id, NameValueEntry[] fields, string reason, Exception? exception, CancellationToken stopping)
    {
        try
        {
            await DeadLetterAsync(stream, id, fields, reason, exception, stopping).ConfigureAwait(false);
            RedisLog.Malformed(_logger, id, (string)stream!, reason);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            try
            {
                var database = await _connection.GetDatabaseAsync(stopping).ConfigureAwait(false);
                NameValueEntry[] record =
                [
                    new("dead.entry", id), new("dead.stream", (string)stream!), new("dead.service", GroupName), new("dead.fields", fields.Length),
                    new("dead.reason", reason), new("quarantine.error", e.Message), new("dead.at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
                ];
                await database.StreamAddAsync(_keys.Quarantine, record, maxLength: QuarantineLength, useApproximateMaxLength: true).ConfigureAwait(false);
                await database.StreamAcknowledgeAsync(stream, GroupName, id).ConfigureAwait(false);
                Release(stream, id);
                RedisLog.Quarantined(_logger, id, (string)stream!, reason, e);
            }
            catch (Exception quarantineError) when (quarantineError is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                Release(stream, id); // still pending: tried again once idle for ClaimIdleTime
                RedisLog.SetAsideFailed(_logger, id, (string)stream!, reason, quarantineError);
            }
        }
    }

    // Retries wait outside the consumers now; what remains to check is that a lease is renewed well
    // within ClaimIdleTime, and that MaxDeliveries leaves room for every retry.
    private void WarnAboutTimings(SagasOptions sagas)
    {
        if (_options.MaintenanceInterval * 3 > _options.ClaimIdleTime)
        {
            RedisLog.ClaimIdleTimeTooShort(_logger, _options.ClaimIdleTime.TotalSeconds, _options.MaintenanceInterval.TotalSeconds);
        }

        var retries = sagas.RetryDelays?.Count ?? SagasOptions.DefaultRetryDelays.Count;
        if (retries >= _options.MaxDeliveries)
        {
            RedisLog.RetriesExceedMaxDeliveries(_logger, retries, _options.MaxDeliveries);
        }
    }
}
