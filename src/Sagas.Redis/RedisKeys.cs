using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Names every Redis key Sagas uses, all behind the key prefix. Every key of one saga instance
/// carries the same hash tag, <c>{sagaName:correlationKey}</c>, so they live in one Redis Cluster
/// slot and one Lua script may touch them all; so do the streams of one partition (<c>{p0}</c>) and
/// the keys of the timeout schedule (<c>{timeouts}</c>).
/// </summary>
internal sealed class RedisKeys
{
    private readonly string _prefix;
    private readonly string _root;

    /// <summary>Creates the key layout for a prefix.</summary>
    /// <exception cref="ArgumentException">The prefix contains a brace, which would move every saga into one slot.</exception>
    public RedisKeys(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException(
                $"{RedisSagasOptions.SectionName}:KeyPrefix '{prefix}' contains '{{' or '}}', which Redis Cluster reads as a hash tag; "
                + "every saga would then share one slot. Use a prefix without braces, such as 'sagas:'.",
                nameof(prefix));
        }

        _root = prefix;
        _prefix = prefix + "saga:{";
        DeadLetters = prefix + "dead-letters";
        Catalog = prefix + "catalog:sagas";
        Quarantine = prefix + "quarantine";
        var schedule = prefix + "schedule:{timeouts}:";
        ScheduleDue = schedule + "due";
        ScheduleEnvelopes = schedule + "envelopes";
        ScheduleIndex = schedule + "index";
        ScheduleIndexOf = schedule + "index-of";
    }

    /// <summary>What every stream key begins with.</summary>
    public string StreamRoot => _root + "stream:";

    /// <summary>The stream of one message type in one partition.</summary>
    public RedisKey Stream(string wireName, int partition) => string.Concat(_root, "stream:{p", partition.ToString(System.Globalization.CultureInfo.InvariantCulture), "}:", wireName);

    /// <summary>The flow log of one correlation id: a copy of every message published with it, in order.</summary>
    public RedisKey Flow(string correlationId) => string.Concat(_root, "flow:{", correlationId, "}");

    /// <summary>The hash of saga name → the JSON of its description and the service that runs it (<see cref="ISagaCatalog"/>).</summary>
    public RedisKey Catalog { get; }

    /// <summary>The stream of messages that could not be handled, with their reasons.</summary>
    public RedisKey DeadLetters { get; }

    /// <summary>The bounded stream recording entries that even the dead-letter stream refused (their ids and errors, not their fields).</summary>
    public RedisKey Quarantine { get; }

    /// <summary>The sorted set of scheduled message ids, scored by when they are due (Unix ms).</summary>
    public RedisKey ScheduleDue { get; }

    /// <summary>The hash of scheduled message id → envelope JSON.</summary>
    public RedisKey ScheduleEnvelopes { get; }

    /// <summary>A sorted set (all scores 0) of "sender and type" entries, so a cancellation finds its messages by prefix.</summary>
    public RedisKey ScheduleIndex { get; }

    /// <summary>The hash of scheduled message id → its entry in <see cref="ScheduleIndex"/>.</summary>
    public RedisKey ScheduleIndexOf { get; }

    /// <summary>The hash of the instance's state, data, version and final flag.</summary>
    public RedisKey State(SagaKey key) => Tagged(key, "}");

    /// <summary>The set of message ids the instance has handled.</summary>
    public RedisKey Inbox(SagaKey key) => Tagged(key, "}:inbox");

    /// <summary>The hash of message id → envelope JSON not yet relayed.</summary>
    public RedisKey Outbox(SagaKey key) => Tagged(key, "}:outbox");

    /// <summary>The instance's history: a list of its saved transitions, oldest first.</summary>
    public RedisKey History(SagaKey key) => Tagged(key, "}:history");

    /// <summary>
    /// The start of every key of a saga type's read model of states (<see cref="ISagaStateIndex"/>):
    /// <c>states:{sagaName}:</c>, one hash tag for the saga type, so one script may touch them all.
    /// </summary>
    public string StatesRoot(string sagaName) => string.Concat(_root, "states:{", CheckedName(sagaName), "}:");

    /// <summary>The set of the state names a saga type's read model has seen.</summary>
    public RedisKey StateNames(string sagaName) => StatesRoot(sagaName) + "names";

    /// <summary>
    /// On Redis Cluster, the hash of correlation key → "version:final:state" of what the read model
    /// holds, so a late update never overwrites a newer one.
    /// </summary>
    public RedisKey StateMembers(string sagaName) => StatesRoot(sagaName) + "members";

    /// <summary>
    /// The sorted set of a saga type's instances in a state, scored by their last change (Unix ms):
    /// the live ones, or the finished ones (kept only for the completed retention).
    /// </summary>
    public RedisKey InState(string sagaName, string state, bool final) => string.Concat(StatesRoot(sagaName), final ? "done:" : "in:", state);

    /// <summary>A SCAN pattern matching every key of a saga type's instances (state hashes and the rest), glob characters escaped.</summary>
    public string InstancesPattern(string sagaName) => string.Concat(Glob(_prefix), Glob(CheckedName(sagaName)), ":*");

    /// <summary>The correlation key of a state hash's key, or <see langword="null"/> when the key is another of the instance's keys.</summary>
    public string? CorrelationKeyOfState(string sagaName, string key)
    {
        var start = _prefix.Length + sagaName.Length + 1;
        return key.Length > start && key.EndsWith('}') && key.IndexOf('}', start) == key.Length - 1 ? key[start..^1] : null;
    }

    private static string Glob(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static string CheckedName(string sagaName)
    {
        ArgumentException.ThrowIfNullOrEmpty(sagaName);
        if (sagaName.AsSpan().IndexOfAny(":{}") >= 0)
        {
            throw new ArgumentException(
                $"Saga name '{sagaName}' contains ':', '{{' or '}}', which the Redis store uses to build keys. Give the saga a name without them.",
                nameof(sagaName));
        }

        return sagaName;
    }

    private string Tagged(SagaKey key, string tagEndAndSuffix)
    {
        // A ':' in the saga name would make ("a:b", "c") and ("a", "b:c") the same key; braces would
        // end the hash tag early. Generated saga names are type names, which have neither.
        if (key.SagaName is null || key.SagaName.Length == 0 || key.SagaName.AsSpan().IndexOfAny(":{}") >= 0)
        {
            throw new ArgumentException(
                $"Saga name '{key.SagaName}' is empty or contains ':', '{{' or '}}', which the Redis store uses to build keys. "
                + "Give the saga a name without them.",
                nameof(key));
        }

        ArgumentNullException.ThrowIfNull(key.CorrelationKey, nameof(key));
        return string.Concat(_prefix, key.SagaName, ":", key.CorrelationKey, tagEndAndSuffix);
    }
}
