using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>
/// Readiness on Redis (<c>sagas-redis</c>, added by <c>AddSagasHealthChecks()</c> when
/// <c>UseRedis</c> is used): unhealthy when Redis does not answer a PING within
/// <see cref="Timeout"/>; degraded while the dead-letter stream has grown within the last
/// <see cref="DeadLetterWindow"/>; healthy otherwise. Its data: <c>latency_ms</c> and <c>dead_letters</c>.
/// </summary>
public sealed class RedisHealthCheck(RedisConnection connection, IOptions<RedisSagasOptions> options, TimeProvider time) : IHealthCheck
{
    /// <summary>How long a check waits for Redis.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a growth of the dead-letter stream keeps the check degraded.</summary>
    public static readonly TimeSpan DeadLetterWindow = TimeSpan.FromMinutes(10);

    private readonly RedisKeys _keys = new(options.Value.KeyPrefix);
    private readonly Lock _gate = new();
    private (long Count, DateTimeOffset Since)? _baseline;

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long deadLetters;
        TimeSpan latency;
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken).AsTask().WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
            latency = await database.PingAsync().WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
            deadLetters = await database.StreamLengthAsync(_keys.DeadLetters).WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The address only: the configuration string may hold a password.
            return HealthCheckResult.Unhealthy($"Redis at {connection.Address} does not answer: {e.GetType().Name}.", e);
        }

        var data = new Dictionary<string, object> { ["latency_ms"] = latency.TotalMilliseconds, ["dead_letters"] = deadLetters };
        var grown = Grown(deadLetters);
        return grown > 0
            ? HealthCheckResult.Degraded($"{grown} message(s) dead-lettered within {DeadLetterWindow:g}: read {_keys.DeadLetters} for their reasons.", data: data)
            : HealthCheckResult.Healthy($"Redis at {connection.Address} answers in {latency.TotalMilliseconds:F1} ms.", data);
    }

    // How many dead letters came since the baseline, which moves on once a window has passed.
    private long Grown(long count)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_baseline is not { } baseline || now - baseline.Since > DeadLetterWindow || count < baseline.Count)
            {
                _baseline = (count, now);
                return 0;
            }

            return count - baseline.Count;
        }
    }
}
