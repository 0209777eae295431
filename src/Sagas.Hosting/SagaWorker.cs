using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Hosting;

/// <summary>
/// The background consumer of a worker service: receives messages from the transport, runs each
/// through the <see cref="SagaEngine"/>, then acknowledges it. A message that cannot be handled is
/// dead-lettered with its reason and the worker goes on; shutdown waits for messages in hand.
/// </summary>
public sealed class SagaWorker(
    IMessageTransport transport,
    SagaEngine engine,
    IOptions<SagasOptions> options,
    ILogger<SagaWorker> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var readers = Math.Max(1, options.Value.Concurrency);
        return Task.WhenAll(Enumerable.Range(0, readers).Select(_ => ConsumeAsync(stoppingToken)));
    }

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
        try
        {
            await engine.HandleAsync(envelope, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Message {MessageId} ({MessageType}) dead-lettered: {Reason}", envelope.MessageId, envelope.MessageType, exception.Message);
            await incoming.DeadLetterAsync(exception.Message, exception, stoppingToken).ConfigureAwait(false);
            return;
        }

        await incoming.AckAsync(stoppingToken).ConfigureAwait(false);
    }
}
