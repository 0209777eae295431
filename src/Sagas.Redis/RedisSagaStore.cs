using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Keeps saga instances in Redis. A load and a save are one round trip each (a Lua script); a save
/// compares the version and writes state, inbox id and outbox together, or nothing. All keys of one
/// instance share a hash tag, so the store works on Redis Cluster.
/// </summary>
/// <remarks>
/// A command once sent cannot be called back, so the cancellation token is honoured before sending.
/// That is also the safe choice for saves: a save abandoned mid-flight might still apply, and the
/// caller could not know. A command Redis does not answer fails after the client's timeout.
/// </remarks>
public sealed class RedisSagaStore : ISagaStore
{
    private readonly RedisConnection _connection;
    private readonly IMessageRegistry _registry;
    private readonly JsonSerializerOptions _json;
    private readonly RedisKeys _keys;
    private readonly TimeSpan _inboxRetention;
    private readonly TimeSpan _completedRetention;
    private readonly ILogger<RedisSagaStore> _logger;

    /// <summary>Creates the store; usually registered by <c>UseRedis</c>.</summary>
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
        _logger = logger;
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
        RedisKey[] keys = [_keys.State(commit.Key), _keys.Inbox(commit.Key), _keys.Outbox(commit.Key), _keys.History(commit.Key)];

        // Serialize before connecting: a message that cannot be serialized fails without a round trip.
        var outbox = commit.Outbox;
        const int Fixed = 8;
        var values = new RedisValue[Fixed + (2 * outbox.Count)];
        values[0] = commit.ExpectedVersion;
        values[1] = commit.State;
        values[2] = commit.Data.Json;
        values[3] = commit.IsFinal ? 1 : 0;
        values[4] = commit.MessageId;
        values[5] = (long)_inboxRetention.TotalMilliseconds;
        values[6] = (long)_completedRetention.TotalMilliseconds;
        values[7] = SagaHistoryEntry.WriteWithoutTime(commit);
        for (var i = 0; i < outbox.Count; i++)
        {
            values[Fixed + (2 * i)] = outbox[i].MessageId;
            values[Fixed + 1 + (2 * i)] = EnvelopeJson.Write(outbox[i], _registry, _json);
        }

        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var saved = (long)await database.ScriptEvaluateAsync(SagaStoreScripts.Commit, keys, values).ConfigureAwait(false) == 1;
        if (!saved)
        {
            RedisLog.VersionConflict(_logger, commit.Key, commit.ExpectedVersion);
        }

        return saved;
    }

    /// <summary>The saved transitions of an instance, oldest first, with the server's time of each save.</summary>
    /// <remarks>Kept as long as the instance: removed with it after <see cref="RedisSagasOptions.CompletedRetention"/>.</remarks>
    public async ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(SagaKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var entries = await database.ListRangeAsync(_keys.History(key)).ConfigureAwait(false);
        return [.. entries.Select(e => SagaHistoryEntry.Read((byte[])e!))];
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
