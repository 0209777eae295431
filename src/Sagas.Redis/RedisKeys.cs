using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Names the Redis keys of a saga instance. Every key of one instance carries the same hash tag,
/// <c>{sagaName:correlationKey}</c>, so they live in one Redis Cluster slot and one Lua script may
/// touch them all.
/// </summary>
internal sealed class RedisKeys
{
    private readonly string _prefix;

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

        _prefix = prefix + "saga:{";
    }

    /// <summary>The hash of the instance's state, data, version and final flag.</summary>
    public RedisKey State(SagaKey key) => Tagged(key, "}");

    /// <summary>The set of message ids the instance has handled.</summary>
    public RedisKey Inbox(SagaKey key) => Tagged(key, "}:inbox");

    /// <summary>The hash of message id → envelope JSON not yet relayed.</summary>
    public RedisKey Outbox(SagaKey key) => Tagged(key, "}:outbox");

    /// <summary>The instance's history: a list of its saved transitions, oldest first.</summary>
    public RedisKey History(SagaKey key) => Tagged(key, "}:history");

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
