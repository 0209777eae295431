using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// The read model of saga states on Redis. Per saga type, under the key prefix and the hash tag
/// <c>{sagaName}</c> (one Redis Cluster slot): <c>states:{sagaName}:names</c>, the set of the state
/// names seen; <c>states:{sagaName}:in:State</c> and <c>…:done:State</c>, sorted sets of the live
/// and the finished instances of each state, member the correlation key, score the server's time of
/// the last change (Unix ms); on a cluster also <c>states:{sagaName}:members</c>, the version each
/// instance has in the read model.
/// </summary>
/// <remarks>
/// <para>
/// <b>On a single server</b> the save's own script (<see cref="SagaStoreScripts.Commit"/>, or the
/// one-script step) moves the instance in the read model, atomically with the save: no extra
/// command, the read model is never behind.
/// </para>
/// <para>
/// <b>On Redis Cluster</b> the read model's slot is not the instance's, so a small script updates it
/// right after a successful save, sent without waiting for its reply (like the outbox's removal): no
/// extra awaited round trip. It is behind the store by that one command's flight, and applies an
/// update only with a higher version than the one it holds, so updates of one instance that arrive
/// out of order (several workers) end with the newest. An update is lost when the process stops
/// between the save and the update, when the connection drops with it on its way, or when the
/// read model's node fails over before replicating it: that instance then shows its previous
/// state until its next step, or until <see cref="RebuildAsync"/>.
/// </para>
/// <para>
/// Finished instances stay as long as the store keeps them (<see cref="RedisSagasOptions.CompletedRetention"/>):
/// reads skip older ones, and each newly finished instance trims its state's finished set.
/// </para>
/// </remarks>
public sealed partial class RedisSagaStore
{
    // ARGV[9] of the save scripts (SagaStoreScripts.IndexKeys).
    private const string IndexModeInScript = "1";
    private const string IndexModeAfter = "0";
    private const string IndexModeRecord = "r";
    private const int RebuildBatch = 500;

    private long CompletedRetentionMs => (long)_completedRetention.TotalMilliseconds;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<SagaStateCount>> CountByStateAsync(string sagaName, CancellationToken cancellationToken)
    {
        var names = _keys.StateNames(sagaName);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(SagaStateScripts.Count, [names], [CompletedRetentionMs, _keys.StatesRoot(sagaName)]).ConfigureAwait(false))!;
        var counts = new List<SagaStateCount>(result.Length / 2);
        for (var i = 0; i + 1 < result.Length; i += 2)
        {
            counts.Add(new SagaStateCount((string)result[i]!, (long)result[i + 1]));
        }

        counts.Sort(static (a, b) => string.CompareOrdinal(a.State, b.State));
        return counts;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="skip"/> or <paramref name="take"/> is negative.</exception>
    public async ValueTask<IReadOnlyList<SagaStateEntry>> ListAsync(string sagaName, string state, DateTimeOffset? changedBefore, int skip, int take, CancellationToken cancellationToken)
    {
        var names = _keys.StateNames(sagaName);
        ArgumentException.ThrowIfNullOrEmpty(state);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        cancellationToken.ThrowIfCancellationRequested();
        if (take == 0)
        {
            return [];
        }

        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(
            SagaStateScripts.List,
            [names],
            [CompletedRetentionMs, _keys.StatesRoot(sagaName), state, Before(changedBefore), skip, take]).ConfigureAwait(false))!;
        var entries = new List<SagaStateEntry>(result.Length / 2);
        for (var i = 0; i + 1 < result.Length; i += 2)
        {
            entries.Add(new SagaStateEntry((string)result[i]!, state, DateTimeOffset.FromUnixTimeMilliseconds((long)result[i + 1])));
        }

        return entries;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// SCANs the saga type's state hashes (on every master of a cluster), reads each one's state,
    /// finality, version and time of its last change, and replaces the saga type's read model with
    /// them in one script. Exact for the instances as read: a step saved while the scan runs may
    /// be undone by the rewrite until that instance's next step, so rebuild when the saga type is
    /// quiet, or rebuild again. Participants' records are left out. An instance saved before the
    /// store kept the time of its last change takes it from its history.
    /// </remarks>
    public async ValueTask<int> RebuildAsync(string sagaName, CancellationToken cancellationToken)
    {
        var names = _keys.StateNames(sagaName);
        var pattern = _keys.InstancesPattern(sagaName);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var multiplexer = database.Multiplexer;
        var cluster = multiplexer.HashSlot(names) >= 0;
        List<RedisValue> arguments = [_keys.StatesRoot(sagaName), cluster ? 1 : 0];
        var batch = new List<(string CorrelationKey, RedisKey Key)>(RebuildBatch);
        foreach (var server in multiplexer.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(database.Database, pattern, pageSize: 1000).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (_keys.CorrelationKeyOfState(sagaName, key!) is { } correlationKey)
                {
                    batch.Add((correlationKey, key));
                    if (batch.Count == RebuildBatch)
                    {
                        await ReadStatesAsync(database, sagaName, batch, arguments).ConfigureAwait(false);
                        batch.Clear();
                    }
                }
            }
        }

        await ReadStatesAsync(database, sagaName, batch, arguments).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return (int)await database.ScriptEvaluateAsync(SagaStateScripts.Rebuild, [names, _keys.StateMembers(sagaName)], [.. arguments]).ConfigureAwait(false);
    }

    // The instance's four keys, then the read model's four (SagaStoreScripts.IndexKeys), which stand
    // in as the state hash when the save does not keep the read model: a participant's record, or a
    // read model in another Cluster slot.
    private RedisKey[] InstanceKeys(SagaCommit commit, IConnectionMultiplexer multiplexer)
    {
        var key = commit.Key;
        var state = _keys.State(key);
        RedisKey[] keys = [state, _keys.Inbox(key), _keys.Outbox(key), _keys.History(key), state, state, state, state];
        var names = commit.IsHandlerRecord ? default : _keys.StateNames(key.SagaName);
        if (!commit.IsHandlerRecord && multiplexer.HashSlot(names) == multiplexer.HashSlot(state))
        {
            var to = _keys.InState(key.SagaName, commit.State, commit.IsFinal);
            keys[4] = names;
            keys[5] = commit.FromState is null ? to : _keys.InState(key.SagaName, commit.FromState, final: false);
            keys[6] = commit.FromState is null ? to : _keys.InState(key.SagaName, commit.FromState, final: true);
            keys[7] = to;
        }

        return keys;
    }

    private static string IndexMode(SagaCommit commit, RedisKey[] instanceKeys) =>
        commit.IsHandlerRecord ? IndexModeRecord : instanceKeys[4] == instanceKeys[0] ? IndexModeAfter : IndexModeInScript;

    // Not awaited: a step costs no extra round trip. See the class's remarks for what a lost update means.
    private void UpdateIndexAfterSave(IDatabase database, SagaCommit commit, long savedAt)
    {
        var saga = commit.Key.SagaName;
        _ = database.ScriptEvaluateAsync(
            SagaStateScripts.Update,
            [_keys.StateNames(saga), _keys.StateMembers(saga), _keys.InState(saga, commit.State, commit.IsFinal)],
            [commit.Key.CorrelationKey, commit.ExpectedVersion + 1, commit.State, commit.IsFinal ? 1 : 0, CompletedRetentionMs, _keys.StatesRoot(saga), savedAt],
            CommandFlags.FireAndForget);
    }

    // Reads a batch of state hashes in one pipelined round trip (and, for those saved before the
    // store kept the time of the last change, their last history entry in a second).
    private async Task ReadStatesAsync(IDatabase database, string sagaName, List<(string CorrelationKey, RedisKey Key)> batch, List<RedisValue> arguments)
    {
        RedisValue[] fields = ["state", "final", "version", "changed", "record"];
        var reads = batch.Select(b => database.HashGetAsync(b.Key, fields)).ToArray();
        var states = await Task.WhenAll(reads).ConfigureAwait(false);
        var unknown = new List<int>();
        for (var i = 0; i < states.Length; i++)
        {
            if (states[i][2].IsNull || states[i][4] == "1")
            {
                continue; // expired since the scan, or a participant's record
            }

            if (states[i][3].IsNull)
            {
                unknown.Add(i);
            }
        }

        var changedAt = new Dictionary<int, long>();
        if (unknown.Count > 0)
        {
            var last = unknown.Select(i => database.ListGetByIndexAsync(_keys.History(new SagaKey(sagaName, batch[i].CorrelationKey)), -1)).ToArray();
            var entries = await Task.WhenAll(last).ConfigureAwait(false);
            for (var u = 0; u < unknown.Count; u++)
            {
                changedAt[unknown[u]] = entries[u].IsNull ? 0 : SagaHistoryJson.Read((byte[])entries[u]!).At.ToUnixTimeMilliseconds();
            }
        }

        for (var i = 0; i < states.Length; i++)
        {
            var s = states[i];
            if (s[2].IsNull || s[4] == "1")
            {
                continue;
            }

            arguments.AddRange([batch[i].CorrelationKey, s[0], s[1] == "1" ? 1 : 0, s[2], changedAt.TryGetValue(i, out var at) ? at : (long)s[3]]);
        }
    }

    // The exclusive upper score of "changed before": a score (whole ms) is before the time when it
    // is below the time rounded up to the next whole ms.
    private static RedisValue Before(DateTimeOffset? changedBefore)
    {
        if (changedBefore is not { } before)
        {
            return "+inf";
        }

        var ms = before.ToUnixTimeMilliseconds();
        if (before.UtcTicks % TimeSpan.TicksPerMillisecond != 0)
        {
            ms++;
        }

        return "(" + ms.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
