using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Redis's state as gauges on the <c>Sagas</c> meter, read in the background every
/// <see cref="Interval"/> while someone listens: per stream this service consumes,
/// <c>sagas.redis.consumer_lag</c> (entries its group has not read yet) and
/// <c>sagas.redis.pending</c> (read, not acknowledged), tagged <c>messaging.destination.name</c>
/// (the stream's key) and <c>messaging.consumer.group.name</c>; <c>sagas.redis.scheduled</c>
/// (timeouts waiting) and <c>sagas.redis.dead_letters</c> (the dead-letter stream's length),
/// tagged with their keys likewise. A listener's callback only returns the last reading, never
/// waits on Redis; a reading older than three intervals (Redis away) is not reported at all.
/// </summary>
public sealed class RedisGauges : BackgroundService
{
    private const string Destination = "messaging.destination.name";
    private const string ConsumerGroup = "messaging.consumer.group.name";

    /// <summary>How often the gauges are read while a listener listens.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    // One reading gives up after this (Redis away or slow): the gauges keep the last one.
    internal static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    // A meter of this instance's: its gauges read this instance's values, and go with it.
    private readonly Meter _meter = new(SagaMetrics.MeterName);
    private readonly RedisConnection _connection;
    private readonly RedisStreamTransport _transport;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, object?>[] _scheduleTag;
    private readonly KeyValuePair<string, object?>[] _deadLetterTag;
    private readonly RedisKey _scheduleKey;
    private readonly RedisKey _deadLetterKey;
    private readonly ILogger<RedisGauges> _logger;
    private readonly ObservableGauge<long>[] _gauges;
    private readonly TimeSpan _interval;

    // Older, a reading is not reported: a stale lag would look like a live one.
    private readonly TimeSpan _maxAge;
    private volatile Snapshot? _last;
    private int _readings;
    private volatile TaskCompletionSource _wake = NewWake();

    /// <summary>Creates the gauges; registered by <c>UseRedis</c>. Nothing is read from Redis here.</summary>
    public RedisGauges(RedisConnection connection, RedisStreamTransport transport, TimeProvider time, IOptions<RedisSagasOptions> options, ILogger<RedisGauges> logger)
        : this(connection, transport, time, options, logger, Interval)
    {
    }

    /// <summary>Creates the gauges with another interval; for tests.</summary>
    internal RedisGauges(RedisConnection connection, RedisStreamTransport transport, TimeProvider time, IOptions<RedisSagasOptions> options, ILogger<RedisGauges> logger, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _transport = transport;
        _time = time;
        _logger = logger;
        _interval = interval;
        _maxAge = 3 * interval;
        var keys = new RedisKeys(options.Value.KeyPrefix);
        _scheduleKey = keys.ScheduleDue;
        _deadLetterKey = keys.DeadLetters;
        _scheduleTag = [new(Destination, (string?)_scheduleKey)];
        _deadLetterTag = [new(Destination, (string?)_deadLetterKey)];
        _gauges =
        [
            _meter.CreateObservableGauge("sagas.redis.consumer_lag", () => Observe(s => s.Lags), "{message}", "Entries of a stream that this service's consumer group has not read yet."),
            _meter.CreateObservableGauge("sagas.redis.pending", () => Observe(s => s.Pending), "{message}", "Entries this service's consumers read and have not acknowledged."),
            _meter.CreateObservableGauge("sagas.redis.scheduled", () => Observe(s => s.Scheduled), "{message}", "Scheduled messages (timeouts) waiting to be due."),
            _meter.CreateObservableGauge("sagas.redis.dead_letters", () => Observe(s => s.DeadLetters), "{message}", "Entries in the dead-letter stream."),
        ];
    }

    /// <summary>Reads the gauges' values from Redis now. The background loop calls it; tests may too.</summary>
    /// <param name="cancellationToken">Stops waiting for Redis; the last reading is then kept.</param>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);

        // Every command sent at once: one round trip, however many streams.
        var backlog = ConsumerBacklog.ReadAsync(database, _transport.Streams, _transport.GroupName, cancellationToken);
        var scheduled = database.SortedSetLengthAsync(_scheduleKey);
        var deadLetters = database.StreamLengthAsync(_deadLetterKey);
        await Task.WhenAll(backlog, scheduled, deadLetters).WaitAsync(cancellationToken).ConfigureAwait(false);

        var streams = backlog.Result;
        var lags = new List<Measurement<long>>(streams.Length);
        var pending = new Measurement<long>[streams.Length];
        for (var i = 0; i < streams.Length; i++)
        {
            KeyValuePair<string, object?>[] tags = [new(Destination, (string?)streams[i].Stream), new(ConsumerGroup, _transport.GroupName)];
            pending[i] = new(streams[i].Pending, tags);
            if (streams[i].Lag is { } lag)
            {
                lags.Add(new(lag, tags)); // unknown (Redis before 7.0): not reported rather than reported as 0
            }
        }

        _last = new Snapshot(at, [.. lags], pending, [new(scheduled.Result, _scheduleTag)], [new(deadLetters.Result, _deadLetterTag)]);
    }

    /// <summary>How many readings the background loop has begun; for tests.</summary>
    internal int Readings => Volatile.Read(ref _readings);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? attempted = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Until the next reading is due, or a listener found none fresh. Nothing is read while nobody listens.
            var wake = _wake;
            await wake.Task.WaitAsync(_interval, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _wake = NewWake();

            // A wake-up brings a reading forward only when none was tried within an interval: a
            // Redis that fails is not asked more often for being watched more often.
            var early = wake.Task.IsCompleted && _time.GetUtcNow() - attempted < _interval;
            if (stoppingToken.IsCancellationRequested || early || !Array.Exists(_gauges, g => g.Enabled))
            {
                continue;
            }

            attempted = _time.GetUtcNow();
            await TryRefreshAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    // Never throws: a failed reading keeps the last one and is logged. Gives up after ReadTimeout,
    // and at once when the host stops, abandoning commands still queued for a Redis that is away.
    private async Task TryRefreshAsync(CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _readings);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        deadline.CancelAfter(ReadTimeout);
        try
        {
            await RefreshAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException)
        {
            RedisLog.GaugesFailed(_logger, $"no answer from {_connection.Address} within {ReadTimeout.TotalSeconds:0} s");
        }
        catch (Exception e)
        {
            RedisLog.GaugesFailed(_logger, e.Message);
        }
    }

    // A listener's callback: the last reading as it is, or nothing, in which case the loop is
    // woken to read (on the thread pool, never on the listener's thread).
    private Measurement<long>[] Observe(Func<Snapshot, Measurement<long>[]> pick)
    {
        var last = _last;
        if (last is null || _time.GetUtcNow() - last.At > _maxAge)
        {
            _wake.TrySetResult();
            return [];
        }

        return pick(last);
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Snapshot(
        DateTimeOffset At, Measurement<long>[] Lags, Measurement<long>[] Pending, Measurement<long>[] Scheduled, Measurement<long>[] DeadLetters);
}
