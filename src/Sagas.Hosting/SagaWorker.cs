using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Hosting;

/// <summary>
/// The background consumer of a worker service: receives messages from the transport, runs each
/// through the <see cref="SagaEngine"/>, then acknowledges it. A failure that may pass is retried
/// after the delays of <see cref="SagasOptions.RetryDelays"/>; one that cannot, or one that outlasts
/// them, is dead-lettered with its reason and the worker goes on.
/// </summary>
public sealed class SagaWorker(
    IMessageTransport transport,
    SagaEngine engine,
    TimeProvider time,
    IOptions<SagasOptions> options,
    ILogger<SagaWorker> logger) : BackgroundService
{
    // Read once: the options do not change while the worker runs.
    private readonly TimeSpan[] _retryDelays = [.. (IEnumerable<TimeSpan>?)options.Value.RetryDelays ?? SagasOptions.DefaultRetryDelays];

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var readers = Math.Max(1, options.Value.Concurrency);
        return Task.WhenAll(Enumerable.Range(0, readers).Select(_ => ConsumeAsync(stoppingToken)));
    }

    /// <summary>
    /// Whether retrying cannot help: the message itself is wrong (unknown type, bad JSON, no
    /// correlation id, malformed), the saga said to dead-letter it, or its instance has finished.
    /// </summary>
    public static bool IsPermanent(Exception exception) => exception is
        UnknownMessageTypeException or JsonException or MissingCorrelationIdException or MalformedMessageException
        or SagaNotFoundException or SagaFinishedException or UnexpectedMessageException { Policy: UnexpectedMessagePolicy.DeadLetter };

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var incoming in transport.ReceiveAsync(stoppingToken).ConfigureAwait(false))
            {
                await HandleOneAsync(incoming, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the message in hand, if any, was not acknowledged and will be redelivered.
        }
    }

    private async Task HandleOneAsync(IncomingMessage incoming, CancellationToken stoppingToken)
    {
        var envelope = incoming.Envelope;
        var delays = _retryDelays;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await engine.HandleAsync(envelope, stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (IsPermanent(exception) || attempt >= delays.Length)
                {
                    logger.LogError(exception, "Message {MessageId} ({MessageType}) dead-lettered after {Attempts} attempt(s): {Reason}", envelope.MessageId, envelope.MessageType, attempt + 1, exception.Message);
                    await SettleAsync(incoming, () => incoming.DeadLetterAsync(exception.Message, exception, stoppingToken), stoppingToken).ConfigureAwait(false);
                    return;
                }

                logger.LogWarning(exception, "Message {MessageId} ({MessageType}) failed (attempt {Attempt}); retrying in {Delay}", envelope.MessageId, envelope.MessageType, attempt + 1, delays[attempt]);
                await Task.Delay(delays[attempt], time, stoppingToken).ConfigureAwait(false);
            }
        }

        await SettleAsync(incoming, () => incoming.AckAsync(stoppingToken), stoppingToken).ConfigureAwait(false);
    }

    // An acknowledgement or dead-lettering that fails (the broker went away) must not end the loop:
    // the message stays unacknowledged, comes back, and the saga's inbox recognises it.
    private async Task SettleAsync(IncomingMessage incoming, Func<ValueTask> settle, CancellationToken stoppingToken)
    {
        try
        {
            await settle().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Message {MessageId} ({MessageType}) could not be settled with the transport; it will be delivered again", incoming.Envelope.MessageId, incoming.Envelope.MessageType);
        }
    }
}
