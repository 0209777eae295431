namespace Sagas;

/// <summary>Settings of the Redis saga store; bind them from the <c>Sagas:Redis</c> configuration section or set them in code.</summary>
public sealed class RedisSagasOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "Sagas:Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, for example
    /// <c>localhost:6379</c> or <c>redis.example:6380,password=...,ssl=true</c>. Default: <c>localhost:6379</c>.
    /// </summary>
    public string Configuration { get; set; } = "localhost:6379";

    /// <summary>
    /// Put in front of every key, so several applications can share one Redis. Must not contain
    /// <c>{</c> or <c>}</c>, which would change the keys' cluster hash tag. Default: <c>sagas:</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "sagas:";

    /// <summary>
    /// How long to wait for Redis to answer when connecting, and at startup before the application
    /// gives up with <see cref="RedisUnavailableException"/>. Default: 5 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
