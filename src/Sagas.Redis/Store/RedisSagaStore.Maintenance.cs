using StackExchange.Redis;

namespace Sagas;

// An instance's outbox as an operator sees it, and the deletion of a finished instance: its keys in
// one script (one slot), its read-model entry in the same script on a single server, just after on
// Redis Cluster.
public sealed partial class RedisSagaStore : ISagaStoreMaintenance
{
    /// <inheritdoc/>
    /// <remarks>Ordered by when each message was created: the outbox is a hash, without an order of its own.</remarks>
    public async ValueTask<IReadOnlyList<Envelope>> GetPendingOutboxAsync(SagaKey key, CancellationToken cancellationToken)
    {
        var outbox = _keys.Outbox(key);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var entries = await database.HashValuesAsync(outbox).ConfigureAwait(false);
        return [.. entries.Select(e => EnvelopeJson.Read((byte[])e!)).OrderBy(e => e.SentAt)];
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// The state hash, inbox and history go in one script, which refuses a live instance or one
    /// with an outbox left to relay. A participant's handler record (final from its first save,
    /// outside the read model) is deleted like a finished instance. The flow log and any scheduled
    /// message left are not the instance's keys: they expire, or come and are ignored, as usual.
    /// </para>
    /// <para>
    /// On Redis Cluster the read model's entry is removed by a second script right after, on the
    /// read model's slot. Should that fail, it is logged (4032) and the entry shows until the
    /// completed retention trims it or <see cref="RebuildAsync"/>; should a late update of the
    /// instance's read model (see the read model's remarks) arrive after it, likewise.
    /// </para>
    /// </remarks>
    public async ValueTask<SagaDeletion> DeleteFinishedAsync(SagaKey key, CancellationToken cancellationToken)
    {
        var state = _keys.State(key);
        var names = _keys.StateNames(key.SagaName);
        var members = _keys.StateMembers(key.SagaName);
        var root = _keys.StatesRoot(key.SagaName);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var multiplexer = database.Multiplexer;

        // As a save decides (InstanceKeys): the read model in the same script when its keys share the instance's slot.
        var inScript = multiplexer.HashSlot(names) == multiplexer.HashSlot(state);
        RedisKey[] instance = [state, _keys.Inbox(key), _keys.Outbox(key), _keys.History(key)];
        RedisKey[] keys = inScript ? [.. instance, names, members] : instance;
        var result = await database.ScriptEvaluateAsync(SagaStoreScripts.Delete, keys, [key.CorrelationKey, root, inScript ? "1" : "0"]).ConfigureAwait(false);
        _recent.Forget(key);
        if (result.Resp2Type == ResultType.Array)
        {
            var deleted = (RedisResult[])result!;
            await ForgetStateAsync(database, key, names, members, root, (string?)deleted[1] ?? "", (string?)deleted[2] ?? "").ConfigureAwait(false);
            return SagaDeletion.Deleted;
        }

        return (long)result switch
        {
            0 => SagaDeletion.NotFound,
            1 => SagaDeletion.Deleted,
            2 => SagaDeletion.NotFinished,
            _ => SagaDeletion.OutboxPending,
        };
    }

    // Awaited, unlike a step's update: an operator's call can wait, and the deletion is then whole
    // when it returns. Not a failure of the deletion, which is done.
    private async Task ForgetStateAsync(IDatabase database, SagaKey key, RedisKey names, RedisKey members, string root, string state, string changed)
    {
        try
        {
            await database.ScriptEvaluateAsync(SagaStateScripts.Forget, [names, members], [key.CorrelationKey, root, state, changed]).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            RedisLog.DeletedStateNotForgotten(_logger, key, e.Message, e);
        }
    }
}
