namespace Sagas;

/// <summary>Settings of the Redis saga store: bound from the <c>Sagas:Redis</c> configuration section by <c>UseRedis</c>, or set in code.</summary>
public sealed class RedisSagasOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sagas:Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, for example
    /// <c>localhost:6379</c> or <c>redis.example:6380,password=...,ssl=true</c>. Default: <c>localhost:6379</c>.
    /// </summary>
    public string Configuration { get; set; } = "localhost:6379";

    /// <summary>
    /// Put in front of every key, so several applications can share one Redis. Must not be empty, nor
    /// contain <c>{</c> or <c>}</c>, which would change the keys' cluster hash tag. Default: <c>sagas:</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "sagas:";

    /// <summary>
    /// Adjusts StackExchange.Redis's <see cref="StackExchange.Redis.ConfigurationOptions"/> after
    /// <see cref="Configuration"/> is parsed, for what a configuration string cannot say: a TLS
    /// certificate validation callback (a private CA), a client certificate. Sagas then sets
    /// <c>AbortOnConnectFail</c> to <see langword="false"/> and <c>ConnectTimeout</c> from
    /// <see cref="ConnectTimeout"/>. Default: none.
    /// </summary>
    public Action<StackExchange.Redis.ConfigurationOptions>? ConfigureConnection { get; set; }

    /// <summary>
    /// How long to wait for Redis to answer when connecting, and at startup before the application
    /// gives up with <see cref="RedisUnavailableException"/>. Default: 5 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an instance remembers the ids of the messages it handled, so that a redelivered
    /// message is not handled twice. Keep it longer than any redelivery can take. Default: 7 days.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a finished instance (final state, or <c>Complete()</c>) stays in Redis before it is
    /// removed; until then a late duplicate is still recognised. Default: 1 day.
    /// </summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often a worker looks for scheduled messages (timeouts) that are due; a timeout fires at
    /// most this late. Default: 1 second.
    /// </summary>
    public TimeSpan TimeoutPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a worker holds the scheduled messages it took to publish. A worker that dies
    /// between taking and publishing leaves them to be taken again when this ends, so it bounds how
    /// late such a timeout fires; one that stops or fails part-way hands them back at once. Keep it
    /// well above the time to publish a batch of 100 messages, or a slow worker's messages are
    /// published twice (the receiving saga's inbox absorbs the duplicate). Default: 10 seconds.
    /// </summary>
    public TimeSpan TimeoutLease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many live instances a process keeps as it last saved them, so that the next message to
    /// one of them needs no load (one round trip fewer). A copy that another worker's save made
    /// stale costs one refused save and a load, as the save still checks the version and the inbox.
    /// 0 turns it off. Default: 10,000.
    /// </summary>
    public int InstanceCacheSize { get; set; } = 10_000;
}
