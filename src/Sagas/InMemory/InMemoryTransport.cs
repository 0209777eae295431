using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sagas.InMemory;

/// <summary>
/// The embedded default transport: an in-process queue. Immutable messages travel by reference
/// unless <see cref="SagasOptions.SerializeInMemoryMessages"/> forces a serialization round trip.
/// It keeps the messages of the last <see cref="InMemoryOptions.MaxFlows"/> conversations for <see cref="IFlowHistory"/>.
/// A message given back for a retry waits on a timer of the host's <see cref="TimeProvider"/>;
/// messages still waiting when the process stops are lost, and reported in one warning. Its
/// backlog (<see cref="ITransportBacklog"/>) counts the messages queued and those taken and not settled.
/// </summary>
public sealed partial class InMemoryTransport : IMessageTransport, IFlowHistory, IDisposable
{
    private readonly Channel<(Envelope Envelope, long Delivery)> _queue = Channel.CreateUnbounded<(Envelope, long)>();
    private readonly ConcurrentDictionary<string, List<Envelope>> _flows = new(StringComparer.Ordinal);
    private readonly Queue<string> _flowsInOrder = new(); // under its own lock: ConcurrentQueue.Count freezes segments, and each enqueue after it allocates a new one
    private readonly CancellationTokenSource _disposed = new();
    private readonly IMessageRegistry _registry;
    private readonly SagasOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _waitingForRetry;

    /// <summary>Creates the transport.</summary>
    public InMemoryTransport(IMessageRegistry registry, IOptions<SagasOptions> options, TimeProvider? time = null, ILogger<InMemoryTransport>? logger = null)
    {
        _registry = registry;
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc/>
    public ValueTask PublishAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        if (_options.SerializeInMemoryMessages && envelope.Message is { } message)
        {
            envelope = envelope with { Message = null, Body = _registry.Serialize(message, _options.JsonSerializerOptions) };
        }

        if (envelope.CorrelationId is { } correlationId && _options.InMemory.MaxFlows > 0)
        {
            Record(correlationId, envelope);
        }

        return _queue.Writer.WriteAsync((envelope, 1), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Envelope>> GetFlowAsync(string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correlationId);
        if (!_flows.TryGetValue(correlationId, out var flow))
        {
            return Task.FromResult<IReadOnlyList<Envelope>>([]);
        }

        lock (flow)
        {
            return Task.FromResult<IReadOnlyList<Envelope>>([.. flow]);
        }
    }

    private void Record(string correlationId, Envelope envelope)
    {
        if (!_flows.TryGetValue(correlationId, out var flow))
        {
            flow = _flows.GetOrAdd(correlationId, static _ => new List<Envelope>(4));
            lock (_flowsInOrder)
            {
                _flowsInOrder.Enqueue(correlationId);
                while (_flowsInOrder.Count > _options.InMemory.MaxFlows)
                {
                    _flows.TryRemove(_flowsInOrder.Dequeue(), out _);
                }
            }
        }

        lock (flow)
        {
            flow.Add(envelope);
        }
    }

    /// <inheritdoc/>
    public string MessagingSystem => "in_memory";

    /// <summary>Takes the next waiting message, if any, without waiting: lets tests drain the queue step by step.</summary>
    /// <returns><see langword="false"/> when no message is waiting.</returns>
    public bool TryReceive([NotNullWhen(true)] out IncomingMessage? message)
    {
        message = _queue.Reader.TryRead(out var queued) ? Take(queued) : null;
        return message is not null;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<IncomingMessage> ReceiveAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_queue.Reader.TryRead(out var queued))
            {
                yield return Take(queued);
            }
        }
    }

    /// <summary>Stops the retry timers; messages still queued or waiting for a retry are lost, and counted in one warning.</summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        // Counted before the timers stop: a cancelled timer stops counting itself.
        var lost = _queue.Reader.Count + Volatile.Read(ref _waitingForRetry);
        _disposed.Cancel();
        if (lost > 0)
        {
            InMemoryLog.QueuedLost(_logger, lost);
        }
    }

    private async ValueTask RetryLaterAsync(Envelope envelope, long delivery, TimeSpan delay)
    {
        Interlocked.Increment(ref _waitingForRetry);
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, _disposed.Token).ConfigureAwait(false);
            }

            await _queue.Writer.WriteAsync((envelope, delivery), _disposed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // Stopped while waiting: counted as lost by Dispose.
            return;
        }
        finally
        {
            Interlocked.Decrement(ref _waitingForRetry);
        }
    }

    private sealed class Received(Envelope envelope, long delivery, InMemoryTransport transport) : IncomingMessage(envelope)
    {
        private int _settled;

        public override long Delivery => delivery;

        public override ValueTask AckAsync(CancellationToken cancellationToken)
        {
            Settle();
            return ValueTask.CompletedTask;
        }

        public override ValueTask RetryLaterAsync(TimeSpan delay, bool countsAsAttempt, CancellationToken cancellationToken)
        {
            // Not awaited: the consumer goes on while the message waits for its retry. Counted as
            // waiting (synchronously, on the call) before it stops counting as taken.
            _ = transport.RetryLaterAsync(Envelope, countsAsAttempt ? delivery + 1 : delivery, delay);
            Settle();
            return ValueTask.CompletedTask;
        }

        public override ValueTask DeadLetterAsync(string reason, Exception? exception, CancellationToken cancellationToken)
        {
            transport.AddDeadLetter(new DeadLetter(Envelope, reason, exception) { At = transport._time.GetUtcNow() });
            Settle();
            return ValueTask.CompletedTask;
        }

        // Once, however often the worker settles it: the backlog's count of messages taken.
        private void Settle()
        {
            if (Interlocked.Exchange(ref _settled, 1) == 0)
            {
                transport.Settled();
            }
        }
    }
}

/// <summary>A message that could not be handled.</summary>
/// <param name="Envelope">The message as received.</param>
/// <param name="Reason">Why it could not be handled.</param>
/// <param name="Exception">The error, when one was thrown.</param>
public sealed record DeadLetter(Envelope Envelope, string Reason, Exception? Exception)
{
    /// <summary>Its id among the dead letters.</summary>
    public string Id { get; init; } = MessageIds.Next();

    /// <summary>When it was dead-lettered.</summary>
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;
}
