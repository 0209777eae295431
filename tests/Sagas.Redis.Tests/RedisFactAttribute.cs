namespace Sagas.Redis.Tests;

/// <summary>
/// A test that needs a Redis server. xunit 2 cannot skip at run time, so the skip is decided when
/// the attribute is read: with <c>SAGAS_SKIP_REDIS=1</c> the test is skipped, with the reason shown.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    private bool _takesRedisAway;

    /// <summary>The environment variable that skips every Redis test when set to 1.</summary>
    public const string SkipVariable = "SAGAS_SKIP_REDIS";

    /// <summary>Marks the test skipped when <see cref="SkipVariable"/> is 1.</summary>
    public RedisFactAttribute()
    {
        if (SkipRequested)
        {
            Skip = $"{SkipVariable}=1: Redis tests skipped";
        }
    }

    /// <summary>
    /// Marks a test that stops or restarts Redis: skipped when <c>SAGAS_REDIS</c> names an external
    /// server, which the fixture must not take away from its other users.
    /// </summary>
    public bool TakesRedisAway
    {
        get => _takesRedisAway;
        set
        {
            _takesRedisAway = value;
            if (value && !SkipRequested && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(RedisServerFixture.ServerVariable)))
            {
                Skip = $"{RedisServerFixture.ServerVariable} names an external server, which this test would stop: skipped";
            }
        }
    }

    /// <summary>Whether <see cref="SkipVariable"/> asks to skip the Redis tests.</summary>
    public static bool SkipRequested => Environment.GetEnvironmentVariable(SkipVariable) == "1";
}
