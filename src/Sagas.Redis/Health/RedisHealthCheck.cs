using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Readiness on Redis (<c>sagas-redis</c>, added by <c>AddSagasHealthChecks()</c> when
/// <c>UseRedis</c> is used): unhealthy when Redis does not answer within
/// <see cref="RedisHealthOptions.Timeout"/>; degraded while the dead-letter stream has grown within
/// the last <see cref="RedisHealthOptions.Window"/>, or while this service's consumer group has more
/// than <see cref="RedisHealthOptions.MaxConsumerLag"/> entries left to read on one of its streams;
/// healthy otherwise. Its data: <c>latency_ms</c>, <c>dead_letters</c>, and when Redis reports a lag,
/// <c>max_consumer_lag</c> with its stream, <c>max_consumer_lag_stream</c>.
/// </summary>
public sealed class RedisHealthCheck : IHealthCheck
{
    private readonly RedisConnection _connection;
    private readonly RedisStreamTransport _transport;
    private readonly RedisHealthOptions _options;
    private readonly TimeProvider _time;
    private readonly RedisKey _deadLetters;
    private readonly Lock _gate = new();
    private (long Count, DateTimeOffset Since)? _baseline;

    /// <summary>Creates the check; registered by <c>UseRedis</c>.</summary>
    public RedisHealthCheck(
        RedisConnection connection,
        RedisStreamTransport transport,
        IOptions<RedisSagasOptions> redisOptions,
        IOptions<RedisHealthOptions> healthOptions,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(healthOptions);
        ArgumentNullException.ThrowIfNull(time);
        _connection = connection;
        _transport = transport;
        _options = healthOptions.Value;
        _time = time;
        _deadLetters = new RedisKeys(redisOptions.Value.KeyPrefix).DeadLetters;
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // One deadline for the whole check: commands queued for a Redis that is away are abandoned, not awaited.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        TimeSpan latency;
        long deadLetters;
        ConsumerBacklog[] backlog;
        try
        {
            var database = await _connection.GetDatabaseAsync(deadline.Token).ConfigureAwait(false);
            var ping = database.PingAsync();
            var length = database.StreamLengthAsync(_deadLetters);
            var lags = _options.MaxConsumerLag > 0
                ? ConsumerBacklog.ReadAsync(database, _transport.Streams, _transport.GroupName, deadline.Token)
                : Task.FromResult<ConsumerBacklog[]>([]);
            await Task.WhenAll(ping, length, lags).WaitAsync(deadline.Token).ConfigureAwait(false);
            (latency, deadLetters, backlog) = (ping.Result, length.Result, lags.Result);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The address only: the configuration string may hold a password.
            return HealthCheckResult.Unhealthy(string.Create(
                CultureInfo.InvariantCulture, $"Redis at {_connection.Address} does not answer within {_options.Timeout.TotalSeconds:0.###} s."));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Redis at {_connection.Address} does not answer: {e.GetType().Name}.", e);
        }

        var data = new Dictionary<string, object> { ["latency_ms"] = latency.TotalMilliseconds, ["dead_letters"] = deadLetters };
        ConsumerBacklog? largest = null;
        foreach (var stream in backlog)
        {
            if (stream.Lag > (largest?.Lag ?? -1))
            {
                largest = stream;
            }
        }

        if (largest is { Lag: { } maxLag } most)
        {
            data["max_consumer_lag"] = maxLag;
            data["max_consumer_lag_stream"] = (string)most.Stream!;
        }

        var problems = new List<string>(2);
        if (Grown(deadLetters) is > 0 and var grown)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{grown} message(s) dead-lettered within {_options.Window:g}: read {(string?)_deadLetters} for their reasons"));
        }

        if (largest is { Lag: { } lag } lagging && _options.MaxConsumerLag > 0 && lag > _options.MaxConsumerLag)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"service {_transport.GroupName} has {lag} entries left to read on {(string?)lagging.Stream}, more than {RedisHealthOptions.SectionName}:MaxConsumerLag ({_options.MaxConsumerLag}): its workers do not keep up; add workers or partitions, or look for a slow handler"));
        }

        if (problems.Count > 0)
        {
            var description = string.Join("; ", problems);
            return HealthCheckResult.Degraded(char.ToUpperInvariant(description[0]) + description[1..] + ".", data: data);
        }

        return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"Redis at {_connection.Address} answers in {latency.TotalMilliseconds:F1} ms."), data);
    }

    // How many dead letters came since the baseline, which moves on once a window has passed.
    private long Grown(long count)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_baseline is not { } baseline || now - baseline.Since > _options.Window || count < baseline.Count)
            {
                _baseline = (count, now);
                return 0;
            }

            return count - baseline.Count;
        }
    }
}
