using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Durable timeouts: scheduled messages wait in a Redis sorted set, scored by when they are due,
/// and whichever worker polls first publishes them. They survive a restart of every worker. A
/// poller leases what it takes, so two pollers never publish the same message, and one that dies
/// mid-way leaves its messages to be taken again when the lease ends (a duplicate at worst, which
/// the receiving saga's inbox absorbs). An instance's waiting messages can be listed
/// (<see cref="IScheduledMessages"/>), those its steps scheduled in their save included.
/// </summary>
public sealed class RedisScheduler : BackgroundService, IMessageScheduler, IScheduledMessages
{
    private const int BatchSize = 100;
    private readonly RedisConnection _connection;
    private readonly IMessageTransport _transport;
    private readonly IMessageRegistry _registry;
    private readonly JsonSerializerOptions _json;
    private readonly TimeProvider _time;
    private readonly RedisKeys _keys;
    private readonly RedisKey[] _scheduleKeys;
    private readonly TimeSpan _pollInterval;
    private readonly TimeSpan _lease;
    private readonly ILogger<RedisScheduler> _logger;

    /// <summary>Creates the scheduler; usually registered by <c>UseRedis</c>.</summary>
    public RedisScheduler(
        RedisConnection connection,
        IMessageTransport transport,
        IMessageRegistry registry,
        TimeProvider time,
        IOptions<SagasOptions> sagasOptions,
        IOptions<RedisSagasOptions> redisOptions,
        ILogger<RedisScheduler> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(sagasOptions);
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _transport = transport;
        _registry = registry;
        _json = sagasOptions.Value.JsonSerializerOptions;
        _time = time;
        _keys = new RedisKeys(redisOptions.Value.KeyPrefix);
        _scheduleKeys = [_keys.ScheduleDue, _keys.ScheduleEnvelopes, _keys.ScheduleIndex, _keys.ScheduleIndexOf];
        _pollInterval = redisOptions.Value.TimeoutPollInterval;
        _lease = redisOptions.Value.TimeoutLease;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async ValueTask ScheduleAsync(Envelope envelope, string scheduledBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(scheduledBy);
        cancellationToken.ThrowIfCancellationRequested();
        var due = (envelope.DeliverAt ?? _time.GetUtcNow()).ToUnixTimeMilliseconds();
        RedisValue[] arguments = [envelope.MessageId, due, EnvelopeJson.Write(envelope, _registry, _json), IndexPrefix(scheduledBy, envelope.CorrelationId, envelope.MessageType) + envelope.MessageId];
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.ScriptEvaluateAsync(ScheduleScripts.Add, _scheduleKeys, arguments).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask CancelAsync(string scheduledBy, string correlationId, string messageType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduledBy);
        ArgumentNullException.ThrowIfNull(correlationId);
        ArgumentNullException.ThrowIfNull(messageType);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.ScriptEvaluateAsync(ScheduleScripts.Remove, _scheduleKeys, ["prefix", IndexPrefix(scheduledBy, correlationId, messageType)]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Read through the schedule's index (the sender and instance, every type), not by a scan; also
    /// what a saga's step scheduled in its own save (<see cref="RedisSagaStore"/>), which writes the
    /// same keys. A message a poller has taken stays listed until it is published. One scheduled
    /// without <see cref="Envelope.DeliverAt"/> (due at once) comes with the time it was due.
    /// </remarks>
    public async ValueTask<IReadOnlyList<Envelope>> ListScheduledAsync(string scheduledBy, string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduledBy);
        ArgumentNullException.ThrowIfNull(correlationId);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var found = (RedisResult[])(await database.ScriptEvaluateAsync(ScheduleScripts.List, _scheduleKeys, [InstancePrefix(scheduledBy, correlationId)]).ConfigureAwait(false))!;
        var scheduled = new List<Envelope>(found.Length / 2);
        for (var i = 0; i + 1 < found.Length; i += 2)
        {
            var envelope = EnvelopeJson.Read((byte[])found[i]!);
            scheduled.Add(envelope.DeliverAt is null ? envelope with { DeliverAt = DateTimeOffset.FromUnixTimeMilliseconds((long)found[i + 1]) } : envelope);
        }

        return [.. scheduled.OrderBy(e => e.DeliverAt)];
    }

    /// <summary>Publishes the messages due now; returns how many. The poll loop calls it; tests may too.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var taken = (RedisResult[])(await database.ScriptEvaluateAsync(ScheduleScripts.Take, _scheduleKeys, [now, BatchSize, (long)_lease.TotalMilliseconds]).ConfigureAwait(false))!;
        var published = new List<RedisValue>(1 + (taken.Length / 2)) { "ids" };
        try
        {
            for (var i = 0; i < taken.Length; i += 2)
            {
                var json = (byte[])taken[i + 1]!;
                Envelope envelope;
                try
                {
                    envelope = EnvelopeJson.Read(json);
                }
                catch (JsonException e)
                {
                    // Unreadable (written by hand, or by an incompatible version): set it aside rather than take it again forever.
                    await DeadLetterAsync(database, (string)taken[i]!, json, e).ConfigureAwait(false);
                    published.Add((string)taken[i]!);
                    continue;
                }

                await _transport.PublishAsync(envelope with { DeliverAt = null }, cancellationToken).ConfigureAwait(false);
                published.Add((string)taken[i]!);
            }
        }
        finally
        {
            // Also after a failure part-way: what was published must not be published again, and
            // what was not goes back at once rather than waiting out its lease.
            await SettleAsync(database, taken, published).ConfigureAwait(false);
        }

        return published.Count - 1;
    }

    private async Task SettleAsync(IDatabase database, RedisResult[] taken, List<RedisValue> published)
    {
        if (published.Count > 1)
        {
            await database.ScriptEvaluateAsync(ScheduleScripts.Remove, _scheduleKeys, [.. published]).ConfigureAwait(false);
        }

        if (published.Count - 1 < taken.Length / 2)
        {
            var unpublished = new List<RedisValue> { _time.GetUtcNow().ToUnixTimeMilliseconds() };
            for (var i = 2 * (published.Count - 1); i < taken.Length; i += 2)
            {
                unpublished.Add((string)taken[i]!);
            }

            try
            {
                await database.ScriptEvaluateAsync(ScheduleScripts.GiveBack, _scheduleKeys, [.. unpublished]).ConfigureAwait(false);
            }
            catch (RedisException e)
            {
                // Redis is what failed: the lease returns them when it ends.
                RedisLog.ScheduleFailed(_logger, e);
            }
        }
    }

    private async Task DeadLetterAsync(IDatabase database, string id, byte[] json, JsonException exception)
    {
        RedisLog.ScheduledUnreadable(_logger, id, exception.Message);
        NameValueEntry[] fields =
        [
            new("envelope", json), new("dead.reason", $"Scheduled message {id} cannot be read: {exception.Message}"), new("dead.stream", (string)_keys.ScheduleDue!),
            new("dead.entry", id), new("dead.exception", exception.GetType().FullName ?? ""), new("dead.at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)),
        ];
        await database.StreamAddAsync(_keys.DeadLetters, fields).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be due: look again at once.
                if (await DeliverDueAsync(stoppingToken).ConfigureAwait(false) == BatchSize)
                {
                    continue;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                RedisLog.ScheduleFailed(_logger, e);
            }

            await Task.Delay(_pollInterval, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    // The sending saga, its instance and the type, each length-prefixed so that no two triples share
    // a prefix: "9:OrderSaga10:order-123413:OrderTimedOut:".
    internal static string IndexPrefix(string scheduledBy, string? correlationId, string messageType) =>
        string.Create(CultureInfo.InvariantCulture, $"{InstancePrefix(scheduledBy, correlationId)}{messageType.Length}:{messageType}:");

    // The index prefix of one sender and instance, every type: "9:OrderSaga10:order-1234".
    private static string InstancePrefix(string scheduledBy, string? correlationId)
    {
        correlationId ??= "";
        return string.Create(CultureInfo.InvariantCulture, $"{scheduledBy.Length}:{scheduledBy}{correlationId.Length}:{correlationId}");
    }
}
