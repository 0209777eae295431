namespace Sagas;

/// <summary>
/// The Lua scripts of the Redis read model of saga states (<see cref="ISagaStateIndex"/>). Every key
/// of one saga type's read model carries the hash tag <c>{sagaName}</c>, so each script runs in one
/// Redis Cluster slot. The keys of a state's sorted sets are built in the scripts from the root
/// (<c>RedisKeys.StatesRoot</c>) and a state name read from the set or hash the script declares:
/// they share its hash tag, hence its slot, which is what Redis Cluster requires of a script.
/// Scores are the server's time of the instance's last change, Unix ms.
/// </summary>
internal static class SagaStateScripts
{
    /// <summary>
    /// Why a script: on Redis Cluster the read model cannot be kept in the save's script (another
    /// slot), so it is updated just after, and updates of one instance from several workers may
    /// arrive out of order. The members hash remembers the version the read model holds for each
    /// instance; an update applies only with a higher version, and moves the instance out of the
    /// state the hash says it was in (not the one the step came from, which a lost update would
    /// make wrong). Version 1 saved at least the completed retention after an instance finished is
    /// a new instance under the same key (the finished one expired); sooner, it is a late update. Adding a finished instance trims its state's finished set (and the
    /// hash) of what the completed retention has expired, at most 100 a time. Returns 1 when
    /// applied, 0 when the read model already held this version or a newer one.
    /// KEYS: state names set, members hash, the sorted set of the new state.
    /// ARGV: correlation key, version, state, final (1/0), completed retention ms, root, the save's
    /// time (Unix ms, by the instance's server: the score, and what a rebuild reads back).
    /// </summary>
    public const string Update = """
        local recorded = redis.call('HGET', KEYS[2], ARGV[1])
        local version = tonumber(ARGV[2])
        local now = tonumber(ARGV[7])
        if recorded then
          local held, final, state = string.match(recorded, '^(%d+):(%d):(.*)$')
          local from = ARGV[6] .. (final == '1' and 'done:' or 'in:') .. state
          local newer = tonumber(held) < version
          if not newer and version == 1 and final == '1' then
            newer = now - tonumber(redis.call('ZSCORE', from, ARGV[1]) or '0') >= tonumber(ARGV[5])
          end
          if not newer then
            return 0
          end
          redis.call('ZREM', from, ARGV[1])
        end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ':' .. ARGV[4] .. ':' .. ARGV[3])
        redis.call('ZADD', KEYS[3], now, ARGV[1])
        redis.call('SADD', KEYS[1], ARGV[3])
        if ARGV[4] == '1' then
          local cutoff = now - tonumber(ARGV[5])
          local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', cutoff, 'LIMIT', 0, 100)
          for _, key in ipairs(expired) do
            redis.call('HDEL', KEYS[2], key)
            redis.call('ZREM', KEYS[3], key)
          end
        end
        return 1
        """;

    /// <summary>
    /// Why a script: on Redis Cluster a deleted instance (<see cref="SagaStoreScripts.Delete"/>) leaves
    /// the read model after its deletion, from another slot. It leaves the set the members hash says it
    /// is in (an update may have been lost: not necessarily its final state) and its final state's
    /// finished set, each only with a score no later than its last change: a newer score is a new
    /// instance saved under the same key since the deletion, which stays. Returns 1 when something
    /// was removed, else 0.
    /// KEYS: state names set (for the slot), members hash. ARGV: correlation key, root, the deleted
    /// instance's state, the time of its last change (Unix ms; '' when unknown: any score).
    /// </summary>
    public const string Forget = """
        local changed = ARGV[4] ~= '' and tonumber(ARGV[4]) or math.huge
        local removed = 0
        local function forget(set)
          local score = redis.call('ZSCORE', set, ARGV[1])
          if score and tonumber(score) <= changed then
            redis.call('ZREM', set, ARGV[1])
            removed = 1
          end
          return not score or tonumber(score) <= changed
        end
        local recorded = redis.call('HGET', KEYS[2], ARGV[1])
        if recorded then
          local _, final, state = string.match(recorded, '^(%d+):(%d):(.*)$')
          if forget(ARGV[2] .. (final == '1' and 'done:' or 'in:') .. state) then
            redis.call('HDEL', KEYS[2], ARGV[1])
          end
        end
        forget(ARGV[2] .. 'done:' .. ARGV[3])
        return removed
        """;

    /// <summary>
    /// Why a script: one round trip for every state, and the server's clock for what the completed
    /// retention has expired (a finished instance counts only while the store keeps it). Returns
    /// { state, count, ... } for the states with instances.
    /// KEYS: state names set. ARGV: completed retention ms, root.
    /// </summary>
    public const string Count = SagaStoreScripts.ServerClock + """
        local kept = '(' .. (now_ms() - tonumber(ARGV[1]))
        local counts = {}
        for _, state in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local n = redis.call('ZCARD', ARGV[2] .. 'in:' .. state) + redis.call('ZCOUNT', ARGV[2] .. 'done:' .. state, kept, '+inf')
          if n > 0 then
            counts[#counts + 1] = state
            counts[#counts + 1] = n
          end
        end
        return counts
        """;

    /// <summary>
    /// Why a script: the live and the finished instances of a state are two sorted sets (only the
    /// finished expire), merged here by (last change, key) so one page spans both, in one round
    /// trip, with the server's clock for the retention. Returns { key, score, ... }, oldest first.
    /// KEYS: state names set (for the slot). ARGV: completed retention ms, root, state, the
    /// exclusive upper score ('+inf' for all), skip, take.
    /// </summary>
    public const string List = SagaStoreScripts.ServerClock + """
        local kept = '(' .. (now_ms() - tonumber(ARGV[1]))
        local skip, take = tonumber(ARGV[5]), tonumber(ARGV[6])
        local live = redis.call('ZRANGEBYSCORE', ARGV[2] .. 'in:' .. ARGV[3], '-inf', ARGV[4], 'WITHSCORES', 'LIMIT', 0, skip + take)
        local done = redis.call('ZRANGEBYSCORE', ARGV[2] .. 'done:' .. ARGV[3], kept, ARGV[4], 'WITHSCORES', 'LIMIT', 0, skip + take)
        local page, i, j, n = {}, 1, 1, 0
        while n < skip + take and (i <= #live or j <= #done) do
          local from_live = j > #done or (i <= #live and (tonumber(live[i + 1]) < tonumber(done[j + 1])
            or (tonumber(live[i + 1]) == tonumber(done[j + 1]) and live[i] < done[j])))
          local key, score
          if from_live then
            key, score, i = live[i], live[i + 1], i + 2
          else
            key, score, j = done[j], done[j + 1], j + 2
          end
          n = n + 1
          if n > skip then
            page[#page + 1] = key
            page[#page + 1] = score
          end
        end
        return page
        """;

    /// <summary>
    /// Why a script: a rebuild replaces the whole read model of a saga type at once, so no reader
    /// sees it half written: it deletes every state's sets, the names and the members hash, then
    /// writes what the caller read from the instances. Returns how many instances it wrote.
    /// KEYS: state names set, members hash. ARGV: root, 1 to keep the members hash (Redis Cluster)
    /// else 0, then for each instance its correlation key, state, final (1/0), version and last
    /// change (Unix ms).
    /// </summary>
    public const string Rebuild = """
        for _, state in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          redis.call('UNLINK', ARGV[1] .. 'in:' .. state, ARGV[1] .. 'done:' .. state)
        end
        redis.call('UNLINK', KEYS[1], KEYS[2])
        local n = 0
        for a = 3, #ARGV, 5 do
          local key, state, final = ARGV[a], ARGV[a + 1], ARGV[a + 2]
          redis.call('ZADD', ARGV[1] .. (final == '1' and 'done:' or 'in:') .. state, ARGV[a + 4], key)
          redis.call('SADD', KEYS[1], state)
          if ARGV[2] == '1' then
            redis.call('HSET', KEYS[2], key, ARGV[a + 3] .. ':' .. final .. ':' .. state)
          end
          n = n + 1
        end
        return n
        """;
}
