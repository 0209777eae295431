using System.Globalization;
using System.Text;
using StackExchange.Redis;
using RedisStreamEntry = StackExchange.Redis.StreamEntry;

namespace Sagas;

// The dead-letter stream as IDeadLetters: read newest first, replayed to the stream each entry came
// from (XADD there, then XDEL here: never removed before it is republished), or deleted.
public sealed partial class RedisStreamTransport : IDeadLetters
{
    // A filtered list reads at most this many entries, newest first, to find its page.
    private const int MaxScanned = 10_000;
    private const int ScanBatch = 200;

    /// <inheritdoc/>
    /// <remarks>With filters, the newest 10,000 dead letters are searched.</remarks>
    public async ValueTask<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var page = new List<DeadLetterEntry>();
        var (skipped, scanned) = (0, 0);
        RedisValue before = "+";
        while (page.Count < query.Take && scanned < MaxScanned)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await database.StreamRangeAsync(_keys.DeadLetters, "-", before, ScanBatch, Order.Descending).ConfigureAwait(false);
            foreach (var entry in batch)
            {
                var read = DeadLetterOf(entry);
                if (query.Matches(read) && skipped++ >= query.Skip && page.Count < query.Take)
                {
                    page.Add(read);
                }
            }

            scanned += batch.Length;
            if (batch.Length < ScanBatch)
            {
                break;
            }

            before = "(" + batch[^1].Id; // exclusive: the next batch starts below the last entry read
        }

        return page;
    }

    /// <inheritdoc/>
    public async ValueTask<DeadLetterEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var entry = await ReadDeadLetterAsync(id, cancellationToken).ConfigureAwait(false);
        return entry is { } found ? DeadLetterOf(found) : null;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The entry goes back onto its stream with its own fields and <c>replayed.by</c>,
    /// <c>replayed.at</c> and <c>replayed.from</c> (the dead letter's id); every consumer group
    /// of that stream reads it, and those that handled the message before skip it (their inbox).
    /// </remarks>
    /// <exception cref="InvalidOperationException">The dead letter names a stream outside this application's key prefix.</exception>
    public async ValueTask<bool> ReplayAsync(string id, string replayedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(replayedBy);
        if (await ReadDeadLetterAsync(id, cancellationToken).ConfigureAwait(false) is not { } entry)
        {
            return false;
        }

        var stream = (string?)entry["dead.stream"];
        if (stream is null || !stream.StartsWith(_keys.StreamRoot, StringComparison.Ordinal))
        {
            // Written by hand, or by another application: replaying must not write outside Sagas's keys.
            throw new InvalidOperationException($"Dead letter {id} names the stream '{stream}', which is not one of this application's ({_keys.StreamRoot}…); it cannot be replayed, only read or deleted.");
        }

        var fields = entry.Values.Where(v => !((string)v.Name!).StartsWith("dead.", StringComparison.Ordinal) && !((string)v.Name!).StartsWith("quarantine.", StringComparison.Ordinal))
            .Append(new NameValueEntry("replayed.by", replayedBy))
            .Append(new NameValueEntry("replayed.at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)))
            .Append(new NameValueEntry("replayed.from", id))
            .ToArray();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.StreamAddAsync(stream, fields).ConfigureAwait(false);
        await database.StreamDeleteAsync(_keys.DeadLetters, [id]).ConfigureAwait(false);
        RedisLog.DeadLetterReplayed(_logger, id, (string?)entry[EnvelopeFields.WireType] ?? "?", (string?)entry[EnvelopeFields.Id] ?? "?", stream, replayedBy);
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> DeleteAsync(string id, string deletedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(deletedBy);
        if (await ReadDeadLetterAsync(id, cancellationToken).ConfigureAwait(false) is not { } entry)
        {
            return false;
        }

        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await database.StreamDeleteAsync(_keys.DeadLetters, [id]).ConfigureAwait(false) > 0;
        if (deleted)
        {
            RedisLog.DeadLetterDeleted(_logger, id, (string?)entry[EnvelopeFields.WireType] ?? "?", (string?)entry[EnvelopeFields.Id] ?? "?", deletedBy);
        }

        return deleted;
    }

    private async ValueTask<RedisStreamEntry?> ReadDeadLetterAsync(string id, CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var found = await database.StreamRangeAsync(_keys.DeadLetters, id, id, 1).ConfigureAwait(false);
        return found.Length == 0 ? null : found[0];
    }

    // Read leniently: a quarantined entry may lack the message's own fields.
    private static DeadLetterEntry DeadLetterOf(RedisStreamEntry entry)
    {
        var at = (string?)entry["dead.at"] is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            ? parsed
            : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(((string)entry.Id!).Split('-')[0], CultureInfo.InvariantCulture));
        var body = entry[EnvelopeFields.Body];
        return new DeadLetterEntry(
            (string)entry.Id!,
            (string?)entry[EnvelopeFields.Id] ?? "",
            (string?)entry[EnvelopeFields.WireType] ?? "",
            (string?)entry[EnvelopeFields.CorrelationId],
            (string?)entry["dead.reason"] ?? (string?)entry["quarantine.error"] ?? "",
            (string?)entry["dead.exception"],
            (string?)entry["dead.error"],
            (string?)entry["dead.service"],
            (string?)entry["dead.stream"],
            at,
            body.IsNull ? "" : Encoding.UTF8.GetString((byte[])body!));
    }
}
