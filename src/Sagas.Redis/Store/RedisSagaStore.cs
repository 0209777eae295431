using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Keeps saga instances in Redis. A load and a save are one round trip each (a Lua script); a save
/// compares the version and writes state, inbox id and outbox together, or nothing. All keys of one
/// instance share a hash tag, so the store works on Redis Cluster. With the Redis transport and
/// scheduler (as <c>UseRedis</c> registers them), a step's save also delivers its messages and
/// acknowledges the message it handled, in the same script (<see cref="IDeliveringSagaStore"/>),
/// whenever its keys are in one slot: always on a single Redis server. It keeps the read model of
/// saga states (<see cref="ISagaStateIndex"/>): in the save's own script on a single server, just
/// after the save on Redis Cluster. It lets an operator read an instance's outbox and delete a
/// finished instance (<see cref="ISagaStoreMaintenance"/>).
/// </summary>
/// <remarks>
/// A command once sent cannot be called back, so the cancellation token is honoured before sending.
/// That is also the safe choice for saves: a save abandoned mid-flight might still apply, and the
/// caller could not know. A command Redis does not answer fails after the client's timeout.
/// </remarks>
public sealed partial class RedisSagaStore : IDeliveringSagaStore, ISagaStateIndex, ISagaHistory
{
    private readonly RedisConnection _connection;
    private readonly IMessageRegistry _registry;
    private readonly JsonSerializerOptions _json;
    private readonly RedisKeys _keys;
    private readonly TimeSpan _inboxRetention;
    private readonly TimeSpan _completedRetention;
    private readonly ILogger<RedisSagaStore> _logger;
    private readonly RedisStepDelivery? _delivery;
    private readonly RecentInstances _recent;

    /// <summary>Creates the store; usually registered by <c>UseRedis</c>.</summary>
    /// <param name="connection">The shared Redis connection.</param>
    /// <param name="registry">Serializes outgoing messages.</param>
    /// <param name="sagasOptions">Supplies the JSON settings for messages.</param>
    /// <param name="redisOptions">Supplies the key prefix and retention.</param>
    /// <param name="transport">When the <see cref="RedisStreamTransport"/>, a step delivers its messages in its save.</param>
    /// <param name="scheduler">When the <see cref="RedisScheduler"/>, a step schedules and cancels its timeouts in its save too.</param>
    /// <param name="logger">Logs version conflicts.</param>
    public RedisSagaStore(
        RedisConnection connection,
        IMessageRegistry registry,
        IOptions<SagasOptions> sagasOptions,
        IOptions<RedisSagasOptions> redisOptions,
        IMessageTransport transport,
        IMessageScheduler scheduler,
        ILogger<RedisSagaStore> logger)
        : this(connection, registry, sagasOptions, redisOptions, logger)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(scheduler);
        if (transport is RedisStreamTransport streams)
        {
            _delivery = new RedisStepDelivery(_keys, streams, scheduler is RedisScheduler, registry, _json);
        }
    }

    /// <summary>Creates a store that only saves: the engine relays each step's outbox through whatever transport it has.</summary>
    /// <param name="connection">The shared Redis connection.</param>
    /// <param name="registry">Serializes outbox messages that have no body yet.</param>
    /// <param name="sagasOptions">Supplies the JSON settings for messages.</param>
    /// <param name="redisOptions">Supplies the key prefix.</param>
    /// <param name="logger">Logs version conflicts.</param>
    public RedisSagaStore(
        RedisConnection connection,
        IMessageRegistry registry,
        IOptions<SagasOptions> sagasOptions,
        IOptions<RedisSagasOptions> redisOptions,
        ILogger<RedisSagaStore> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(sagasOptions);
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _registry = registry;
        _json = sagasOptions.Value.JsonSerializerOptions;
        _keys = new RedisKeys(redisOptions.Value.KeyPrefix);
        _inboxRetention = redisOptions.Value.InboxRetention;
        _completedRetention = redisOptions.Value.CompletedRetention;
        _recent = new RecentInstances(redisOptions.Value.InstanceCacheSize);
        _logger = logger;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A live instance this process saved last comes from memory, without a round trip
    /// (<see cref="RedisSagasOptions.InstanceCacheSize"/>), unless its last save handled
    /// <paramref name="messageId"/> (a redelivery, which Redis answers with the outbox left over).
    /// </remarks>
    public ValueTask<SagaSnapshot?> LoadForStepAsync(SagaKey key, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return _recent.TryGet(key, messageId, out var recent) ? new(recent) : LoadAsync(key, messageId, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<SagaSnapshot?> LoadAsync(SagaKey key, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        cancellationToken.ThrowIfCancellationRequested();
        RedisKey[] keys = [_keys.State(key), _keys.Inbox(key), _keys.Outbox(key)];
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var result = await database.ScriptEvaluateAsync(SagaStoreScripts.Load, keys, [messageId]).ConfigureAwait(false);
        if (result.IsNull)
        {
            return null;
        }

        var fields = (RedisResult[])result!;
        var outbox = (RedisResult[])fields[5]!;
        return new SagaSnapshot(
            State: (string?)fields[0] ?? "",
            Data: SagaDocument.FromJson((string?)fields[1] ?? ""),
            Version: (long)fields[2],
            AlreadyHandled: (long)fields[3] == 1,
            IsFinal: (long)fields[4] == 1,
            PendingOutbox: outbox.Length == 0 ? null : [.. outbox.Select(e => EnvelopeJson.Read((byte[])e!))]);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TryCommitAsync(SagaCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentOutOfRangeException.ThrowIfNegative(commit.ExpectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await CommitAsync(database, commit, InstanceKeys(commit, database.Multiplexer)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One script saves the step, appends its messages to their streams (each after its copy in the
    /// flow log), schedules and cancels its timeouts, and acknowledges <see cref="SagaCommit.Settles"/>
    /// when it came from this store's transport. On a Redis Cluster, a step whose keys fall in more
    /// than one slot is saved as <see cref="TryCommitAsync"/> saves it, and the engine relays it.
    /// </remarks>
    public async ValueTask<SagaCommitResult> TryCommitAndDeliverAsync(SagaCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentOutOfRangeException.ThrowIfNegative(commit.ExpectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var instanceKeys = InstanceKeys(commit, database.Multiplexer);
        if (_delivery is null || !_delivery.TryLayOut(commit, instanceKeys, database.Multiplexer, out var keys, out var delivery, out var acknowledges))
        {
            return await CommitAsync(database, commit, instanceKeys).ConfigureAwait(false) ? SagaCommitResult.Saved : SagaCommitResult.Conflict;
        }

        var values = new RedisValue[SavedValues + delivery.Count];
        WriteSavedValues(commit, values);
        delivery.CopyTo(values, SavedValues);
        if (!await RunAsync(database, SagaStoreScripts.Step, keys, values, commit, instanceKeys).ConfigureAwait(false))
        {
            return SagaCommitResult.Conflict;
        }

        acknowledges?.MarkAcknowledgedByStep();
        return SagaCommitResult.Delivered;
    }

    private async Task<bool> CommitAsync(IDatabase database, SagaCommit commit, RedisKey[] keys)
    {
        var outbox = commit.Outbox;
        var values = new RedisValue[SavedValues + (2 * outbox.Count)];
        WriteSavedValues(commit, values);
        for (var i = 0; i < outbox.Count; i++)
        {
            values[SavedValues + (2 * i)] = outbox[i].MessageId;
            values[SavedValues + 1 + (2 * i)] = EnvelopeJson.Write(outbox[i], _registry, _json);
        }

        return await RunAsync(database, SagaStoreScripts.Commit, keys, values, commit, keys).ConfigureAwait(false);
    }

    // The arguments SagaStoreScripts.Commit and Step begin with.
    private const int SavedValues = 10;

    private void WriteSavedValues(SagaCommit commit, RedisValue[] values)
    {
        values[0] = commit.ExpectedVersion;
        values[1] = commit.State;
        values[2] = commit.Data.Json;
        values[3] = commit.IsFinal ? 1 : 0;
        values[4] = commit.MessageId;
        values[5] = (long)_inboxRetention.TotalMilliseconds;
        values[6] = (long)_completedRetention.TotalMilliseconds;
        values[7] = SagaHistoryJson.WriteWithoutTime(commit);
        values[8] = ""; // the read model's mode: set by RunAsync from the keys
        values[9] = commit.Key.CorrelationKey;
    }

    private async Task<bool> RunAsync(IDatabase database, string script, RedisKey[] keys, RedisValue[] values, SagaCommit commit, RedisKey[] instanceKeys)
    {
        var mode = IndexMode(commit, instanceKeys);
        values[8] = mode;
        var indexAfter = mode == IndexModeAfter;
        var result = await database.ScriptEvaluateAsync(script, keys, values).ConfigureAwait(false);
        if (indexAfter && result.Resp2Type == ResultType.Array)
        {
            _recent.Remember(commit);
            UpdateIndexAfterSave(database, commit, (long)((RedisResult[])result!)[1]);
            return true;
        }

        switch ((long)result)
        {
            case 1:
                _recent.Remember(commit);
                return true;
            case 2:
                RedisLog.HandledBefore(_logger, commit.Key, commit.MessageId);
                break;
            default:
                RedisLog.VersionConflict(_logger, commit.Key, commit.ExpectedVersion);
                break;
        }

        _recent.Forget(commit.Key);
        return false;
    }

    /// <inheritdoc/>
    /// <remarks>With the Redis server's time of each save. Kept as long as the instance: removed with it after <see cref="RedisSagasOptions.CompletedRetention"/>.</remarks>
    public async ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(SagaKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var entries = await database.ListRangeAsync(_keys.History(key)).ConfigureAwait(false);
        return [.. entries.Select(e => SagaHistoryJson.Read((byte[])e!))];
    }

    /// <inheritdoc/>
    /// <remarks>Timed by this process's clock; written only while the instance's state hash exists.</remarks>
    public async ValueTask<bool> RecordNoteAsync(SagaKey key, string note, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var state = await database.HashGetAsync(_keys.State(key), "state").ConfigureAwait(false);
        if (state.IsNull)
        {
            return false;
        }

        await database.ListRightPushAsync(_keys.History(key), SagaHistoryJson.WriteNote(state!, note, DateTimeOffset.UtcNow)).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask RemoveFromOutboxAsync(SagaKey key, IReadOnlyList<string> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return; // nothing to remove: save the round trip
        }

        cancellationToken.ThrowIfCancellationRequested();
        var fields = new RedisValue[messageIds.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = messageIds[i];
        }

        // Fire and forget, so a step costs two round trips (load, save), not three: the acknowledgement
        // that follows goes over the same connection, after it. Lost with the connection, the entries
        // are relayed again on the next load of this instance: a duplicate, which the inbox absorbs.
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.HashDeleteAsync(_keys.Outbox(key), fields, CommandFlags.FireAndForget).ConfigureAwait(false);
    }
}
