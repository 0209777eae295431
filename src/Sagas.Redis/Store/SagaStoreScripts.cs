namespace Sagas;

/// <summary>
/// The Lua scripts of <see cref="RedisSagaStore"/>. StackExchange.Redis loads each once per server
/// and then sends only its SHA1 (EVALSHA).
/// </summary>
internal static class SagaStoreScripts
{
    /// <summary>
    /// Why a script: the state hash, the inbox and the outbox are three keys, and reading them in
    /// one round trip without MULTI needs the server to do it. Returns nil when the instance does
    /// not exist, else { state, data, version, 1 when ARGV[1] is in the inbox else 0, final (1/0),
    /// { outbox JSON, ... } } — the outbox only for a message already handled, and empty unless a
    /// worker stopped between a save and its relay.
    /// KEYS: state hash, inbox (sorted set: message id scored by when it was handled), outbox hash. ARGV: message id.
    /// </summary>
    public const string Load = """
        local fields = redis.call('HMGET', KEYS[1], 'state', 'data', 'version', 'final')
        if not fields[3] then
          return false
        end
        local handled = redis.call('ZSCORE', KEYS[2], ARGV[1]) and 1 or 0
        local outbox = handled == 1 and redis.call('HVALS', KEYS[3]) or {}
        return { fields[1], fields[2], tonumber(fields[3]), handled, tonumber(fields[4] or '0'), outbox }
        """;

    /// <summary>
    /// Why a script: the version compare and every write (state, inbox id, outbox entries) must
    /// happen as one atomic step, or a crash or a racing worker could save half a step, lose an
    /// outgoing message or handle a message twice. Returns 1 when saved, 0 on a version conflict
    /// (nothing written), 2 when the message is already in the inbox (nothing written). A missing
    /// instance has version 0. The inbox keeps ids for a retention window (older ones are trimmed
    /// here, by the server's clock), and a finished instance's state
    /// and inbox expire after the completed retention; its outbox never expires before it is relayed.
    /// Each save also appends a history entry (time, message id and type, from- and to-state).
    /// On a single server the same script keeps the read model of saga states (see <see cref="SaveState"/>).
    /// KEYS: state hash, inbox sorted set, outbox hash, history list, then the read model's four
    /// (<see cref="IndexKeys"/>). ARGV: expected version, state, data, final (1/0), message id,
    /// inbox retention ms, completed retention ms, history entry (JSON without its time), the read
    /// model's mode and the correlation key (<see cref="IndexKeys"/>), then outbox id/JSON pairs.
    /// </summary>
    public const string Commit = SaveState + """
        for i = 11, #ARGV, 2 do
          redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
        end
        """ + Saved;

    /// <summary>
    /// A whole step in one script, when every key is in one slot (always on a single Redis server):
    /// the save of <see cref="Commit"/>, without an outbox, then the cancellations, the scheduled
    /// messages and the messages to deliver at once (each after its copy in the flow log), then
    /// the acknowledgement of the message handled. Nothing is left to relay, and no crash can
    /// come between the save and the rest. Returns 1 when saved, 0 on a version conflict, 2 when
    /// the message was handled before (nothing written either way).
    /// KEYS: state hash, inbox, outbox (unused), history, the read model's four; the schedule's due,
    /// envelopes, index and index-of; the stream of the message handled (the state hash when none is
    /// acknowledged); then for each message to deliver, its stream and, when it is logged, its flow log.
    /// ARGV: the first ten of <see cref="Commit"/>; the consumer group, the entry id to
    /// acknowledge ('' for none), the flow log's time to live in ms; the number of cancellations,
    /// then each one's index prefix; the number of scheduled messages, then for each its id, due
    /// time (Unix ms), envelope JSON and index entry; then for each message to deliver, 1 when it
    /// is logged else 0, its number of fields, and those fields' names and values.
    /// </summary>
    public const string Step = SaveState + ScheduleScripts.Functions + """
        local group, entry, ttl = ARGV[11], ARGV[12], ARGV[13]
        local schedule_keys = { KEYS[9], KEYS[10], KEYS[11], KEYS[12] }
        local a = 14
        for _ = 1, tonumber(ARGV[a]) do
          a = a + 1
          for _, id in ipairs(scheduled(schedule_keys, ARGV[a])) do
            unschedule(schedule_keys, id)
          end
        end
        a = a + 1
        for _ = 1, tonumber(ARGV[a]) do
          schedule(schedule_keys, ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4])
          a = a + 4
        end
        a = a + 1
        local k = 14
        while a <= #ARGV do
          local logged = ARGV[a] == '1'
          local last = a + 1 + 2 * tonumber(ARGV[a + 1])
          if logged then
            redis.call('XADD', KEYS[k + 1], '*', unpack(ARGV, a + 2, last))
            redis.call('PEXPIRE', KEYS[k + 1], ttl)
          end
          redis.call('XADD', KEYS[k], '*', unpack(ARGV, a + 2, last))
          k = k + (logged and 2 or 1)
          a = last + 1
        end
        if entry ~= '' then
          redis.call('XACK', KEYS[13], group, entry)
        end
        """ + Saved;

    /// <summary>
    /// Why a script: the checks (finished, nothing left to relay) and the removal of every key of the
    /// instance must be one atomic step, or a step saved in between could be lost with the keys.
    /// Returns 0 when the instance does not exist, 2 when it is live, 3 when its outbox holds
    /// messages not yet relayed (nothing deleted either way); when deleted, 1, or with ARGV[3] = '0'
    /// (the read model in another Redis Cluster slot, forgotten after by <see cref="SagaStateScripts.Forget"/>)
    /// { 1, its state, the time of its last change ('' when not kept) }. A participant's record has
    /// no place in the read model: 1. With ARGV[3] = '1' (always on a single server) it leaves the
    /// read model here, from the finished set of its state.
    /// KEYS: state hash, inbox, outbox, history; with ARGV[3] = '1' also the read model's state names
    /// set and members hash. ARGV: correlation key, the read model's root, the mode.
    /// </summary>
    public const string Delete = """
        local held = redis.call('HMGET', KEYS[1], 'version', 'final', 'state', 'record', 'changed')
        if not held[1] then
          return 0
        end
        if held[2] ~= '1' then
          return 2
        end
        if redis.call('EXISTS', KEYS[3]) == 1 then
          return 3
        end
        redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[4])
        if held[4] == '1' then
          return 1
        end
        if ARGV[3] == '1' then
          redis.call('ZREM', ARGV[2] .. 'done:' .. held[3], ARGV[1])
          redis.call('HDEL', KEYS[6], ARGV[1])
          return 1
        end
        return { 1, held[3], held[5] or '' }
        """;

    /// <summary>
    /// The read model's keys in <see cref="Commit"/> and <see cref="Step"/>, after the instance's
    /// four: the saga type's set of state names, the sorted sets of the state before (live and
    /// finished: a step may leave either) and the sorted set of the state after. ARGV[9], the mode:
    /// '1' keeps the read model in the save (its keys share the save's slot: always on a single
    /// server), '0' leaves it to <see cref="SagaStateScripts.Update"/> after the save (Redis Cluster;
    /// the four keys are then the state hash again), 'r' marks a participant's record, which is no saga
    /// and is not indexed. ARGV[10]: the correlation key, the read model's member.
    /// </summary>
    public const int IndexKeys = 4;

    // What Commit and Step return when they saved: 1; with the read model kept after the save
    // (mode '0', Redis Cluster), { 1, the save's time }, so the read model and a rebuild, which reads
    // the state hash's 'changed', agree on the time of the change.
    private const string Saved = """

        if ARGV[9] == '0' then
          return { 1, now }
        end
        return 1
        """;

    /// <summary>
    /// A Lua function for the scripts that read the server's clock: <c>now_ms()</c>, Unix ms, the
    /// time every save, history entry and the read model's scores are stamped with.
    /// </summary>
    internal const string ServerClock = """
        local function now_ms()
          local time = redis.call('TIME')
          return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        end

        """;

    /// <summary>
    /// The part Commit and Step share: compare the version (0 when another save came first), check
    /// the inbox (2 when the message was handled before: the caller worked from a copy it kept, see
    /// RecentInstances), write state (with the time of this change, which a rebuild of the read model
    /// reads), inbox and history, expire a finished instance. With mode '1', move the instance in
    /// the read model in the same atomic step, and trim from the finished state's set what the
    /// completed retention has expired, so the read model stays as big as what the store keeps.
    /// </summary>
    private const string SaveState = ServerClock + """
        local held = redis.call('HMGET', KEYS[1], 'version', 'final')
        local current = tonumber(held[1] or '0')
        if current ~= tonumber(ARGV[1]) then
          return 0
        end
        if redis.call('ZSCORE', KEYS[2], ARGV[5]) then
          return 2
        end
        local now = now_ms()
        redis.call('HSET', KEYS[1], 'state', ARGV[2], 'data', ARGV[3], 'version', string.format('%d', current + 1), 'final', ARGV[4], 'changed', string.format('%d', now))
        if ARGV[9] == 'r' then
          redis.call('HSET', KEYS[1], 'record', '1')
        end
        redis.call('ZADD', KEYS[2], now, ARGV[5])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (now - tonumber(ARGV[6])))
        redis.call('RPUSH', KEYS[4], '{"at":' .. now .. ',' .. ARGV[8])
        if ARGV[4] == '1' then
          redis.call('PEXPIRE', KEYS[1], ARGV[7])
          redis.call('PEXPIRE', KEYS[2], ARGV[7])
          redis.call('PEXPIRE', KEYS[4], ARGV[7])
        end
        if ARGV[9] == '1' then
          if current > 0 then
            redis.call('ZREM', held[2] == '1' and KEYS[7] or KEYS[6], ARGV[10])
          end
          redis.call('ZADD', KEYS[8], now, ARGV[10])
          redis.call('SADD', KEYS[5], ARGV[2])
          if ARGV[4] == '1' then
            redis.call('ZREMRANGEBYSCORE', KEYS[8], '-inf', now - tonumber(ARGV[7]))
          end
        end

        """;
}
