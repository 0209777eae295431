namespace Sagas;

/// <summary>
/// Settings of the <c>sagas-redis</c> health check (<see cref="RedisHealthCheck"/>): bound from the
/// <c>Sagas:Redis:Health</c> configuration section by <c>UseRedis</c>, or set in code with
/// <c>services.Configure&lt;RedisHealthOptions&gt;(...)</c>.
/// </summary>
public sealed class RedisHealthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sagas:Redis:Health";

    /// <summary>
    /// How long one check waits for Redis (its PING and its reads together) before it reports
    /// Redis unhealthy. Keep it below the probe's own timeout. Default: 2 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a growth of the dead-letter stream keeps the check degraded: it is degraded while
    /// the stream has grown since a reading at most this old. Default: 10 minutes.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The check is degraded while this service's consumer group has more entries than this left
    /// to read on any one of its streams (the <c>lag</c> of <c>XINFO GROUPS</c>, which Redis 7.0 and
    /// later report): its workers do not keep up. 0 turns the lag check off (no <c>XINFO</c> is sent).
    /// Default: 1,000.
    /// </summary>
    public long MaxConsumerLag { get; set; } = 1_000;
}
