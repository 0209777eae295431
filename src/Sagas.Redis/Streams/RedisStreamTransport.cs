using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Moves messages over Redis Streams: one stream per message type (and partition), one consumer
/// group per service. Every service gets every message it subscribes to; the workers of a service
/// share them. A message is acknowledged (XACK) only after its handling has been saved; one a
/// worker read and never acknowledged is taken over by another after
/// <see cref="RedisStreamsOptions.ClaimIdleTime"/>. Messages that cannot be handled go to the
/// dead-letter stream with their reason. Streams are trimmed only below what every group has
/// acknowledged. Its backlog (<see cref="ITransportBacklog"/>) shows every group on the streams.
/// </summary>
public sealed partial class RedisStreamTransport : IMessageTransport, IFlowHistory, IAsyncDisposable, IDisposable
{
    private readonly RedisConnection _connection;
    private readonly IMessageRegistry _registry;
    private readonly JsonSerializerOptions _json;
    private readonly RedisKeys _keys;
    private readonly RedisStreamsOptions _options;
    private readonly RedisKey[][] _streams;
    private readonly ILogger<RedisStreamTransport> _logger;
    private readonly Channel<Received> _received;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private const int QuarantineLength = 10_000;
    private Task? _consuming;

    /// <summary>Creates the transport; usually registered by <c>UseRedis</c>.</summary>
    public RedisStreamTransport(
        RedisConnection connection,
        IMessageRegistry registry,
        MessageSubscriptions subscriptions,
        IOptions<SagasOptions> sagasOptions,
        IOptions<RedisSagasOptions> redisOptions,
        IOptions<RedisStreamsOptions> streamsOptions,
        ILogger<RedisStreamTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentNullException.ThrowIfNull(sagasOptions);
        ArgumentNullException.ThrowIfNull(redisOptions);
        ArgumentNullException.ThrowIfNull(streamsOptions);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _registry = registry;
        _json = sagasOptions.Value.JsonSerializerOptions;
        _keys = new RedisKeys(redisOptions.Value.KeyPrefix);
        _options = streamsOptions.Value;
        _logger = logger;
        _streams = [.. Enumerable.Range(0, _options.Partitions)
            .Select(p => subscriptions.WireNames.Select(w => _keys.Stream(w, p)).ToArray())];
        _received = Channel.CreateBounded<Received>(_options.BatchSize);
        ConsumerName = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");

        WarnAboutTimings(sagasOptions.Value);
    }

    /// <summary>This process's consumer name in the group; new for every start, so a restarted worker never mistakes another's messages for its own.</summary>
    public string ConsumerName { get; }

    /// <summary>The consumer group: <see cref="RedisStreamsOptions.ServiceName"/>.</summary>
    public string GroupName => _options.ServiceName;

    /// <inheritdoc/>
    public string MessagingSystem => "redis";

    /// <inheritdoc/>
    public async ValueTask PublishAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        cancellationToken.ThrowIfCancellationRequested();
        var key = StreamOf(envelope);
        var fields = StreamEntry.Fields(envelope, _registry, _json);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        if (envelope.CorrelationId is { } correlationId && _options.FlowLogRetention > TimeSpan.Zero)
        {
            // The flow log's copy first, then the message, in one round trip: commands on one
            // connection run in order (on one server), so no receiver can act on a message (and log what it sends)
            // before the message itself is in the flow log, even if this process dies between the two.
            var logged = StreamEntry.Flatten((long)_options.FlowLogRetention.TotalMilliseconds, fields);
            var logging = database.ScriptEvaluateAsync(StreamScripts.AddExpiring, [_keys.Flow(correlationId)], logged);
            await Task.WhenAll(logging, database.StreamAddAsync(key, fields)).ConfigureAwait(false);
            return;
        }

        await database.StreamAddAsync(key, fields).ConfigureAwait(false);
    }

    /// <summary>
    /// Every message published with <paramref name="correlationId"/>, by every service on this key
    /// prefix, in the order Redis received them: how a flow went, choreographed or orchestrated.
    /// Kept for <see cref="RedisStreamsOptions.FlowLogRetention"/> after the flow's last message.
    /// </summary>
    /// <returns>The envelopes, oldest first, with their bodies as JSON; empty when none is kept.</returns>
    public async Task<IReadOnlyList<Envelope>> GetFlowAsync(string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correlationId);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var entries = await database.StreamRangeAsync(_keys.Flow(correlationId)).ConfigureAwait(false);
        return [.. entries.Select(e => StreamEntry.Read(e.Values, int.MaxValue))];
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The first call starts this process's consumer: one blocking reader per partition, each on a
    /// connection of its own, and the maintenance that takes over abandoned messages and trims.
    /// It runs until that call's token is cancelled (the host stopping) or the transport is
    /// disposed; a later call starts it again if it has stopped.
    /// </remarks>
    public async IAsyncEnumerable<IncomingMessage> ReceiveAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StartConsuming(cancellationToken);
        while (await _received.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_received.Reader.TryRead(out var message))
            {
                MarkStarted(message.Stream, message.Id);
                yield return message;
            }
        }
    }

    /// <summary>Stops reading and closes the blocking connections. Messages read but not handled are taken over by another worker.</summary>
    public void Dispose()
    {
        // For containers disposed synchronously: the readers stop within a BLOCK time; do not wait longer.
        var disposing = DisposeAsync().AsTask();
        disposing.Wait(_options.BlockTime + TimeSpan.FromSeconds(1));
    }

    /// <summary>Stops reading and closes the blocking connections. Messages read but not handled are taken over by another worker.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? consuming;
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            consuming = _consuming;
        }

        if (consuming is not null)
        {
            await consuming.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _disposed.Dispose();
    }

    /// <summary>The partition of a correlation id: FNV-1a, stable across processes and .NET versions (unlike string.GetHashCode).</summary>
    internal int Partition(string correlationId)
    {
        if (_options.Partitions == 1)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var c in correlationId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)_options.Partitions);
    }

    private void StartConsuming(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (_consuming is { IsCompleted: false })
            {
                return; // running; a consumer that ended with an earlier caller's token starts again
            }

            if (_streams[0].Length == 0)
            {
                RedisLog.NothingToConsume(_logger, GroupName);
            }

            // The readers stop when the first receiver's token (the host stopping) or Dispose says so.
            var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
            var loops = _streams.Where(s => s.Length > 0).Select(s => ReadAsync(s, stopping.Token)).Append(MaintainAsync(stopping.Token));
            _consuming = ConsumeAsync(loops, stopping);
        }
    }

    // One partition's reader: XREADGROUP ... BLOCK on a connection of its own, so the blocking read
    // never holds up the shared connection's commands. A raw command: the client's stream API has no
    // BLOCK, and polling without it would add a poll interval to every message's latency.
    private async Task ReadAsync(RedisKey[] streams, CancellationToken stopping)
    {
        ConnectionMultiplexer? blocking = null;
        var groupsReady = false;
        var failures = 0;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    if (!groupsReady)
                    {
                        await CreateGroupsAsync(streams, stopping).ConfigureAwait(false);
                        groupsReady = true;
                    }

                    blocking ??= await _connection.ConnectDedicatedAsync(_options.BlockTime).WaitAsync(stopping).ConfigureAwait(false);

                    var result = await blocking.GetDatabase().ExecuteAsync("XREADGROUP", ReadArguments(streams))
                        .WaitAsync(stopping).ConfigureAwait(false);
                    // Held from the moment they are read: were the reader stopped half-way through
                    // the batch, the rest is still given back, not left to ClaimIdleTime.
                    var entries = StreamEntry.ReadReply(result).ToList();
                    entries.ForEach(e => Hold(e.Stream, e.Id, deliveries: 1));
                    foreach (var (stream, id, fields) in entries)
                    {
                        await AcceptAsync(stream, id, fields, deliveries: 1, stopping).ConfigureAwait(false);
                    }


                    failures = 0;
                }
                catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
                {
                    // Redis lost the streams (restarted without persistence, or someone deleted them).
                    RedisLog.GroupMissing(_logger, GroupName, e.Message);
                    groupsReady = false;
                }
                catch (Exception e) when (!stopping.IsCancellationRequested && e is not OperationCanceledException)
                {
                    failures++;
                    RedisLog.ReadFailed(_logger, GroupName, failures, e);
                    await Task.Delay(Backoff(failures), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            blocking?.Dispose();
        }
    }

    private object[] ReadArguments(RedisKey[] streams)
    {
        var arguments = new object[8 + (2 * streams.Length)];
        arguments[0] = "GROUP";
        arguments[1] = GroupName;
        arguments[2] = ConsumerName;
        arguments[3] = "COUNT";
        arguments[4] = _options.BatchSize;
        arguments[5] = "BLOCK";
        arguments[6] = (long)_options.BlockTime.TotalMilliseconds;
        arguments[7] = "STREAMS";
        for (var i = 0; i < streams.Length; i++)
        {
            arguments[8 + i] = streams[i];
            arguments[8 + streams.Length + i] = ">";
        }

        return arguments;
    }

    private async Task CreateGroupsAsync(RedisKey[] streams, CancellationToken stopping)
    {
        var database = await _connection.GetDatabaseAsync(stopping).ConfigureAwait(false);
        foreach (var stream in streams)
        {
            try
            {
                // From the start of the stream: messages published before this service first ran are not lost to it.
                await database.StreamCreateConsumerGroupAsync(stream, GroupName, StreamPosition.Beginning, createStream: true).WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
            }
        }
    }

    // Hands a read entry, already held (its lease renewed until settled), to the consumers, or sets
    // it aside when it cannot be handled. Never throws
    // for one entry's sake: a poison entry must not keep the rest of its batch from the consumers.
    private async Task AcceptAsync(RedisKey stream, string id, NameValueEntry[] fields, long deliveries, CancellationToken stopping)
    {
        Envelope envelope;
        try
        {
            envelope = StreamEntry.Read(fields, _options.MaxMessageBytes);
        }
        catch (MalformedMessageException e)
        {
            await SetAsideAsync(stream, id, fields, e.Message, e, stopping).ConfigureAwait(false);
            return;
        }

        if (deliveries > _options.MaxDeliveries)
        {
            var reason = $"Message {envelope.MessageId} ({envelope.MessageType}) was delivered {deliveries} times and never acknowledged: "
                + "the workers that took it stopped before finishing (RedisStreamsOptions.MaxDeliveries is " + _options.MaxDeliveries + ").";
            RedisLog.TooManyDeliveries(_logger, envelope.MessageId, envelope.MessageType, deliveries);
            await SetAsideAsync(stream, id, fields, reason, null, stopping).ConfigureAwait(false);
            return;
        }

        await _received.Writer.WriteAsync(new Received(envelope, this, stream, id, fields, deliveries), stopping).ConfigureAwait(false);
    }

    // The original fields (message and headers) with the reason; added before the XACK, so a crash
    // between the two dead-letters it twice rather than not at all.
    private async ValueTask DeadLetterAsync(RedisKey stream, string id, NameValueEntry[] fields, string reason, Exception? exception, CancellationToken cancellationToken)
    {
        List<NameValueEntry> values =
        [
            .. fields,
            new("dead.reason", reason), new("dead.stream", (string)stream!), new("dead.entry", id), new("dead.service", GroupName),
            new("dead.at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
        ];
        if (exception is not null)
        {
            values.AddRange([new("dead.exception", exception.GetType().FullName ?? ""), new("dead.error", exception.ToString())]);
        }

        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await database.StreamAddAsync(_keys.DeadLetters, [.. values]).ConfigureAwait(false);
        await database.StreamAcknowledgeAsync(stream, GroupName, id).ConfigureAwait(false);
        Release(stream, id);
    }

    private static TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 10))));

    /// <summary>The stream an envelope is published to: its type's, in the partition of its correlation id (or its own id).</summary>
    internal RedisKey StreamOf(Envelope envelope) => _keys.Stream(envelope.MessageType, Partition(envelope.CorrelationId ?? envelope.MessageId));

    /// <summary>Every stream this service consumes, over all partitions.</summary>
    internal IEnumerable<RedisKey> Streams => _streams.SelectMany(s => s);

    /// <summary>How long a flow log lives after its last message; zero when flow logs are off.</summary>
    internal TimeSpan FlowLogRetention => _options.FlowLogRetention;

    /// <summary>The flow log of a correlation id.</summary>
    internal RedisKey FlowOf(string correlationId) => _keys.Flow(correlationId);

    // Once the step that handled it acknowledged it (RedisSagaStore's step script), a message has
    // nothing left to settle: whatever the worker says of it afterwards only lets go of it here.
    internal sealed class Received(Envelope envelope, RedisStreamTransport transport, RedisKey stream, string id, NameValueEntry[] fields, long deliveries)
        : IncomingMessage(envelope)
    {
        public RedisStreamTransport Transport => transport;

        public RedisKey Stream => stream;

        public string Id => id;

        public bool AcknowledgedByStep { get; private set; }

        public override long Delivery => deliveries;

        public override string ConsumerGroup => transport.GroupName;

        public override string? Source => stream;

        public void MarkAcknowledgedByStep() => AcknowledgedByStep = true;

        public override ValueTask AckAsync(CancellationToken cancellationToken) => AcknowledgedByStep
            ? LetGo()
            : transport.LetGoIfFailedAsync(stream, id, transport.AckAsync(stream, id, cancellationToken));

        public override ValueTask DeadLetterAsync(string reason, Exception? exception, CancellationToken cancellationToken) => AcknowledgedByStep
            ? LetGo()
            : transport.LetGoIfFailedAsync(stream, id, transport.DeadLetterAsync(stream, id, fields, reason, exception, cancellationToken));

        public override ValueTask RetryLaterAsync(TimeSpan delay, bool countsAsAttempt, CancellationToken cancellationToken) => AcknowledgedByStep
            ? LetGo()
            : transport.LetGoIfFailedAsync(stream, id, transport.RetryLaterAsync(stream, id, countsAsAttempt ? deliveries : deliveries - 1, delay, cancellationToken));

        private ValueTask LetGo()
        {
            transport.Release(stream, id);
            return ValueTask.CompletedTask;
        }
    }
}
