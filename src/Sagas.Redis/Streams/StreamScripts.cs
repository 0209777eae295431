namespace Sagas;

/// <summary>
/// The Lua scripts of <see cref="RedisStreamTransport"/>, where two commands must be one. Single
/// commands (XADD, XACK, XAUTOCLAIM) go through the client's stream API.
/// </summary>
internal static class StreamScripts
{
    /// <summary>
    /// Appends an entry to a stream that expires when no entry has been added for a while (a flow
    /// log). KEYS: the stream. ARGV: time to live in ms, then field, value, ...
    /// </summary>
    public const string AddExpiring = """
        local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return id
        """;

    /// <summary>
    /// Gives a pending entry back without acknowledging it: still pending, owned by this consumer,
    /// but with an idle time that makes it due for XAUTOCLAIM after a delay, and a delivery count
    /// set by the caller (unchanged when the failure says nothing about the message). A script: the
    /// client's stream API has no IDLE or RETRYCOUNT. KEYS: the stream. ARGV: group, consumer, entry
    /// id, idle time in ms, delivery count.
    /// </summary>
    public const string GiveBack = "return redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'IDLE', ARGV[4], 'RETRYCOUNT', ARGV[5], 'JUSTID')";

    /// <summary>
    /// Why a script: the floor must be read from every group and applied before any group moves,
    /// or a trim could drop an entry a group has not yet acknowledged. The floor is, over every
    /// group, its oldest pending entry, or when none is pending its last delivered entry; entries
    /// below it are removed (XTRIM MINID). A stream without groups is left alone: nobody has read it.
    /// Returns the number of entries removed. It also forgets this group's consumers that hold
    /// nothing and have been idle for ARGV[2] ms: workers that stopped (a consumer name lives for
    /// one process start). A live one is recreated by its next read.
    /// KEYS: the stream. ARGV: the group, the idle time in ms.
    /// </summary>
    public const string Trim = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          return 0
        end
        local ok, consumers = pcall(redis.call, 'XINFO', 'CONSUMERS', KEYS[1], ARGV[1]) -- fails when the group is missing
        if ok then
          for _, consumer in ipairs(consumers) do
            local info = {}
            for i = 1, #consumer, 2 do
              info[consumer[i]] = consumer[i + 1]
            end
            if info['pending'] == 0 and info['idle'] >= tonumber(ARGV[2]) then
              redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], info['name'])
            end
          end
        end
        local function parse(id)
          local dash = string.find(id, '-', 1, true)
          return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
        end
        local function less(a, b)
          local am, as = parse(a)
          local bm, bs = parse(b)
          return am < bm or (am == bm and as < bs)
        end
        local floor = nil
        for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
          local info = {}
          for i = 1, #group, 2 do
            info[group[i]] = group[i + 1]
          end
          local candidate = info['last-delivered-id']
          local pending = redis.call('XPENDING', KEYS[1], info['name'])
          if pending[1] > 0 then
            candidate = pending[2]
          end
          if floor == nil or less(candidate, floor) then
            floor = candidate
          end
        end
        if floor == nil or floor == '0-0' then
          return 0
        end
        return redis.call('XTRIM', KEYS[1], 'MINID', floor)
        """;
}
