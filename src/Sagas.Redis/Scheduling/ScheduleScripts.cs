namespace Sagas;

/// <summary>
/// The Lua scripts of <see cref="RedisScheduler"/>. Every key shares the hash tag <c>{timeouts}</c>,
/// so each script runs in one Redis Cluster slot.
/// KEYS, for every script: due (sorted set id → due time, Unix ms), envelopes (hash id → envelope
/// JSON), index (sorted set of "sender and type" entries, all scored 0), index-of (hash id → its index entry).
/// </summary>
internal static class ScheduleScripts
{
    /// <summary>
    /// The schedule's writes and its look-up as Lua functions, so that every script that schedules or cancels
    /// (these, and the saga store's one-script step) does it the same way. Each takes the four
    /// schedule keys in the order above.
    /// <c>schedule(keys, id, due, json, entry)</c> adds a message; adding the same id again changes
    /// nothing, so a relay that runs twice schedules once; returns 1 when added.
    /// <c>unschedule(keys, id)</c> removes one; returns 1 when it was there.
    /// <c>scheduled(keys, prefix)</c> lists the ids whose index entry starts with <c>prefix</c>.
    /// </summary>
    internal const string Functions = """
        local function schedule(keys, id, due, json, entry)
          if redis.call('HSETNX', keys[2], id, json) == 0 then
            return 0
          end
          redis.call('ZADD', keys[1], due, id)
          redis.call('ZADD', keys[3], 0, entry)
          redis.call('HSET', keys[4], id, entry)
          return 1
        end
        local function unschedule(keys, id)
          local entry = redis.call('HGET', keys[4], id)
          if entry then
            redis.call('ZREM', keys[3], entry)
            redis.call('HDEL', keys[4], id)
          end
          redis.call('ZREM', keys[1], id)
          return redis.call('HDEL', keys[2], id)
        end
        local function scheduled(keys, prefix)
          local ids = {}
          for _, entry in ipairs(redis.call('ZRANGEBYLEX', keys[3], '[' .. prefix, '[' .. prefix .. '\255')) do
            table.insert(ids, string.sub(entry, #prefix + 1))
          end
          return ids
        end

        """;

    /// <summary>Adds a scheduled message (<c>schedule</c> of <see cref="Functions"/>). ARGV: id, due time (Unix ms), envelope JSON, index entry.</summary>
    public const string Add = Functions + "return schedule(KEYS, ARGV[1], ARGV[2], ARGV[3], ARGV[4])";

    /// <summary>
    /// Why a script: an instance's scheduled messages are found through the index by the prefix of its
    /// sender and instance (every type), and read from the envelopes hash, in one round trip and
    /// without a scan. Each index entry ends with the type's length, the type, ':' and the id.
    /// Returns { JSON, due time (Unix ms), ... }. ARGV: the index prefix of the sender and instance, without the type.
    /// </summary>
    public const string List = """
        local found = {}
        for _, entry in ipairs(redis.call('ZRANGEBYLEX', KEYS[3], '[' .. ARGV[1], '[' .. ARGV[1] .. '\255')) do
          local length, rest = string.match(string.sub(entry, #ARGV[1] + 1), '^(%d+):(.*)$')
          if length then
            local id = string.sub(rest, tonumber(length) + 2)
            local json = redis.call('HGET', KEYS[2], id)
            if json then
              table.insert(found, json)
              table.insert(found, redis.call('ZSCORE', KEYS[1], id) or '0')
            end
          end
        end
        return found
        """;

    /// <summary>
    /// Why a script: two pollers must never take the same message. Takes up to ARGV[2] messages due
    /// at ARGV[1] (Unix ms) and leases them: their due time moves ARGV[3] ms on, so a poller that
    /// dies before publishing leaves them to be taken again when the lease ends. Returns { id, JSON, ... }.
    /// </summary>
    public const string Take = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local taken = {}
        for _, id in ipairs(ids) do
          local json = redis.call('HGET', KEYS[2], id)
          if json then
            redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[3]), id)
            table.insert(taken, id)
            table.insert(taken, json)
          else
            redis.call('ZREM', KEYS[1], id)
          end
        end
        return taken
        """;

    /// <summary>
    /// Hands taken but unpublished messages back: due again at ARGV[1] (Unix ms, now) instead of
    /// when their lease ends. Only ids still scheduled (not cancelled meanwhile) come back. ARGV[2..]: ids.
    /// </summary>
    public const string GiveBack = """
        for i = 2, #ARGV do
          if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 1 then
            redis.call('ZADD', KEYS[1], 'XX', tonumber(ARGV[1]), ARGV[i])
          end
        end
        return 0
        """;

    /// <summary>
    /// Removes scheduled messages: with ARGV[1] = 'ids', those whose ids follow (published); with
    /// ARGV[1] = 'prefix' and ARGV[2] an index prefix, every message of one sender and type (a cancellation).
    /// Returns how many were removed.
    /// </summary>
    public const string Remove = Functions + """
        local ids = {}
        if ARGV[1] == 'prefix' then
          ids = scheduled(KEYS, ARGV[2])
        else
          for i = 2, #ARGV do
            table.insert(ids, ARGV[i])
          end
        end
        local removed = 0
        for _, id in ipairs(ids) do
          removed = removed + unschedule(KEYS, id)
        end
        return removed
        """;
}
