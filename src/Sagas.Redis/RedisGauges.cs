using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Redis's state as gauges on the <c>Sagas</c> meter, read in the background every
/// <see cref="Interval"/> while someone listens (never in the listener's callback, which must not
/// wait on Redis): per stream this service consumes, <c>sagas.redis.consumer_lag</c> (entries its
/// group has not read yet) and <c>sagas.redis.pending</c> (read, not acknowledged), tagged
/// <c>messaging.destination.name</c> (the stream's key) and <c>messaging.consumer.group.name</c>;
/// <c>sagas.redis.scheduled</c> (timeouts waiting) and <c>sagas.redis.dead_letters</c> (the
/// dead-letter stream's length), tagged with their keys likewise.
/// </summary>
public sealed class RedisGauges : BackgroundService
{
    private const string Destination = "messaging.destination.name";

    /// <summary>How often the gauges are read while a listener listens.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    // A meter of this instance's: its gauges read this instance's values, and go with it.
    private readonly Meter _meter = new(SagaMetrics.MeterName);
    private readonly RedisConnection _connection;
    private readonly RedisStreamTransport _transport;
    private readonly RedisKeys _keys;
    private readonly ILogger<RedisGauges> _logger;
    private readonly ObservableGauge<long>[] _gauges;
    private Snapshot _last = new([], 0, 0);

    /// <summary>Creates the gauges; registered by <c>UseRedis</c>.</summary>
    public RedisGauges(RedisConnection connection, RedisStreamTransport transport, IOptions<RedisSagasOptions> options, ILogger<RedisGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _transport = transport;
        _keys = new RedisKeys(options.Value.KeyPrefix);
        _logger = logger;
        _gauges =
        [
            _meter.CreateObservableGauge("sagas.redis.consumer_lag", () => _last.Streams.Select(s => new Measurement<long>(s.Lag, s.Tags)), "{message}", "Entries of a stream that this service's consumer group has not read yet."),
            _meter.CreateObservableGauge("sagas.redis.pending", () => _last.Streams.Select(s => new Measurement<long>(s.Pending, s.Tags)), "{message}", "Entries this service's consumers read and have not acknowledged."),
            _meter.CreateObservableGauge("sagas.redis.scheduled", () => new Measurement<long>(_last.Scheduled, new KeyValuePair<string, object?>(Destination, (string)_keys.ScheduleDue!)), "{message}", "Scheduled messages (timeouts) waiting to be due."),
            _meter.CreateObservableGauge("sagas.redis.dead_letters", () => new Measurement<long>(_last.DeadLetters, new KeyValuePair<string, object?>(Destination, (string)_keys.DeadLetters!)), "{message}", "Entries in the dead-letter stream."),
        ];
    }

    /// <summary>Reads the gauges' values from Redis now. The background loop calls it; tests may too.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var streams = new List<StreamGauge>();
        foreach (var stream in _transport.Streams)
        {
            if (!await database.KeyExistsAsync(stream).ConfigureAwait(false))
            {
                continue; // no message of this type yet
            }

            foreach (var group in (RedisResult[])(await database.ExecuteAsync("XINFO", "GROUPS", stream).ConfigureAwait(false))!)
            {
                var fields = ((RedisResult[])group!).Chunk(2).ToDictionary(f => (string)f[0]!, f => f[1]);
                if ((string?)fields["name"] != _transport.GroupName)
                {
                    continue;
                }

                // 'lag' is nil when Redis cannot tell (entries deleted below the group's position).
                var lag = fields.TryGetValue("lag", out var value) && !value.IsNull ? (long)value : 0;
                streams.Add(new StreamGauge(lag, (long)fields["pending"], [new(Destination, (string)stream!), new("messaging.consumer.group.name", _transport.GroupName)]));
            }
        }

        var scheduled = await database.SortedSetLengthAsync(_keys.ScheduleDue).ConfigureAwait(false);
        var deadLetters = await database.StreamLengthAsync(_keys.DeadLetters).ConfigureAwait(false);
        _last = new Snapshot([.. streams], scheduled, deadLetters);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_gauges.Any(g => g.Enabled))
            {
                try
                {
                    await RefreshAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    RedisLog.GaugesFailed(_logger, e.Message);
                }
            }

            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    private sealed record StreamGauge(long Lag, long Pending, KeyValuePair<string, object?>[] Tags);

    private sealed record Snapshot(StreamGauge[] Streams, long Scheduled, long DeadLetters);
}
