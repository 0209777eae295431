namespace Sagas;

/// <summary>
/// The Lua scripts of <see cref="RedisScheduler"/>. Every key shares the hash tag <c>{timeouts}</c>,
/// so each script runs in one Redis Cluster slot.
/// KEYS, for all three: due (sorted set id → due time, Unix ms), envelopes (hash id → envelope
/// JSON), index (sorted set of "sender and type" entries, all scored 0), index-of (hash id → its index entry).
/// </summary>
internal static class ScheduleScripts
{
    /// <summary>
    /// Adds a scheduled message; adding the same id again changes nothing, so a relay that runs twice
    /// schedules once. ARGV: id, due time (Unix ms), envelope JSON, index entry.
    /// </summary>
    public const string Add = """
        if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[3]) == 0 then
          return 0
        end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        redis.call('ZADD', KEYS[3], 0, ARGV[4])
        redis.call('HSET', KEYS[4], ARGV[1], ARGV[4])
        return 1
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
    public const string Remove = """
        local ids = {}
        if ARGV[1] == 'prefix' then
          for _, entry in ipairs(redis.call('ZRANGEBYLEX', KEYS[3], '[' .. ARGV[2], '[' .. ARGV[2] .. '\255')) do
            table.insert(ids, string.sub(entry, #ARGV[2] + 1))
          end
        else
          for i = 2, #ARGV do
            table.insert(ids, ARGV[i])
          end
        end
        local removed = 0
        for _, id in ipairs(ids) do
          local entry = redis.call('HGET', KEYS[4], id)
          if entry then
            redis.call('ZREM', KEYS[3], entry)
            redis.call('HDEL', KEYS[4], id)
          end
          removed = removed + redis.call('HDEL', KEYS[2], id)
          redis.call('ZREM', KEYS[1], id)
        end
        return removed
        """;
}
