using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Sagas.InMemory;

/// <summary>
/// The embedded default transport: an in-process queue. Immutable messages travel by reference
/// unless <see cref="SagasOptions.SerializeInMemoryMessages"/> forces a serialization round trip.
/// It keeps every flow's messages for <see cref="IFlowHistory"/>, for as long as the process runs.
/// </summary>
public sealed class InMemoryTransport : IMessageTransport, IFlowHistory
{
    private readonly Channel<Envelope> _queue = Channel.CreateUnbounded<Envelope>();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Envelope>> _flows = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeadLetter> _deadLetters = new();
    private readonly IMessageRegistry _registry;
    private readonly SagasOptions _options;

    /// <summary>Creates the transport.</summary>
    public InMemoryTransport(IMessageRegistry registry, IOptions<SagasOptions> options)
    {
        _registry = registry;
        _options = options.Value;
    }

    /// <summary>Messages that could not be handled, with the reason, oldest first.</summary>
    public IReadOnlyCollection<DeadLetter> DeadLetters => _deadLetters;

    /// <inheritdoc/>
    public ValueTask PublishAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        if (_options.SerializeInMemoryMessages && envelope.Message is { } message)
        {
            envelope = envelope with { Message = null, Body = _registry.Serialize(message, _options.JsonSerializerOptions) };
        }

        if (envelope.CorrelationId is { } correlationId)
        {
            _flows.GetOrAdd(correlationId, _ => new ConcurrentQueue<Envelope>()).Enqueue(envelope);
        }

        return _queue.Writer.WriteAsync(envelope, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Envelope>> GetFlowAsync(string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(correlationId);
        return Task.FromResult<IReadOnlyList<Envelope>>(_flows.TryGetValue(correlationId, out var flow) ? [.. flow] : []);
    }

    /// <summary>Takes the next waiting message, if any, without waiting: lets tests drain the queue step by step.</summary>
    /// <returns><see langword="false"/> when no message is waiting.</returns>
    public bool TryReceive([NotNullWhen(true)] out IncomingMessage? message)
    {
        message = _queue.Reader.TryRead(out var envelope) ? new Received(envelope, this) : null;
        return message is not null;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<IncomingMessage> ReceiveAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_queue.Reader.TryRead(out var envelope))
            {
                yield return new Received(envelope, this);
            }
        }
    }

    private sealed class Received(Envelope envelope, InMemoryTransport transport) : IncomingMessage(envelope)
    {
        public override ValueTask AckAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public override ValueTask DeadLetterAsync(string reason, Exception? exception, CancellationToken cancellationToken)
        {
            transport._deadLetters.Enqueue(new DeadLetter(Envelope, reason, exception));
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>A message that could not be handled.</summary>
/// <param name="Envelope">The message as received.</param>
/// <param name="Reason">Why it could not be handled.</param>
/// <param name="Exception">The error, when one was thrown.</param>
public sealed record DeadLetter(Envelope Envelope, string Reason, Exception? Exception);
