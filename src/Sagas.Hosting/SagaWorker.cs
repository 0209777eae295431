using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Hosting;

/// <summary>
/// The background consumer of a worker service: receives messages from the transport, runs each
/// through the <see cref="SagaEngine"/>, then acknowledges it. A failure is classified once
/// (<see cref="MessageFailures.Classify"/>): a permanent one is dead-lettered at once; a transient
/// one is given back to the transport to come again after the next of
/// <see cref="SagasOptions.RetryDelays"/>, and dead-lettered when they are used up; an
/// infrastructure one comes again without counting. No failing message waits in a consumer slot.
/// </summary>
/// <remarks>
/// On stop the worker takes no new message, lets those in hand finish until the host's
/// <c>ShutdownTimeout</c>, and gives back at once those the timeout cuts off; the transport gives
/// back what it read but no consumer started, so another worker takes them within seconds.
/// </remarks>
public sealed class SagaWorker(
    IMessageTransport transport,
    SagaEngine engine,
    IEnumerable<IFailureClassifier> classifiers,
    IOptions<SagasOptions> options,
    ILogger<SagaWorker> logger) : BackgroundService
{
    /// <summary>How soon a message that failed for want of infrastructure comes again (not counted as an attempt).</summary>
    public static readonly TimeSpan InfrastructureRetryDelay = TimeSpan.FromSeconds(1);

    // Read once: the options do not change while the worker runs.
    private readonly TimeSpan[] _retryDelays = [.. (IEnumerable<TimeSpan>?)options.Value.RetryDelays ?? SagasOptions.DefaultRetryDelays];
    private readonly IFailureClassifier[] _classifiers = [.. classifiers];

    // Cancelled only when the host's shutdown timeout runs out: until then the messages in hand finish.
    private readonly CancellationTokenSource _handling = new();

    // Per consume loop, when its message in hand was taken (Stopwatch ticks), 0 while it waits: what the health check reads.
    private long[] _busySince = [];

    /// <inheritdoc/>
    /// <remarks><paramref name="stoppingToken"/> stops the receiving only; see <see cref="StopAsync"/>.</remarks>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var readers = Math.Max(1, options.Value.Concurrency);
        _busySince = new long[readers];
        return Task.WhenAll(Enumerable.Range(0, readers).Select(loop => ConsumeAsync(loop, stoppingToken)));
    }

    /// <summary>
    /// Whether every consume loop runs (started, and neither ended nor failed), and how long the
    /// longest handling in hand has taken so far; <see cref="SagaWorkerHealthCheck"/> reads it.
    /// </summary>
    internal (bool Running, TimeSpan LongestHandling) Health()
    {
        var longest = TimeSpan.Zero;
        var busySince = _busySince;
        for (var i = 0; i < busySince.Length; i++)
        {
            var started = Volatile.Read(ref busySince[i]);
            if (started != 0 && Stopwatch.GetElapsedTime(started) is var taken && taken > longest)
            {
                longest = taken;
            }
        }

        return (ExecuteTask is { IsCompleted: false }, longest);
    }

    /// <summary>Stops receiving, and waits for the messages in hand until <paramref name="cancellationToken"/> (the host's shutdown timeout) cuts them off.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var cutOff = cancellationToken.Register(_handling.Cancel);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _handling.Dispose();
        base.Dispose();
    }

    private async Task ConsumeAsync(int loop, CancellationToken stoppingToken)
    {
        // Whatever activity was current when the host started is no parent of the messages read
        // here: each delivery's span hangs from the context its message carries, or starts a trace.
        Activity.Current = null;
        try
        {
            await foreach (var incoming in transport.ReceiveAsync(stoppingToken).ConfigureAwait(false))
            {
                Volatile.Write(ref _busySince[loop], Stopwatch.GetTimestamp());
                try
                {
                    await HandleOneAsync(incoming).ConfigureAwait(false);
                }
                finally
                {
                    Volatile.Write(ref _busySince[loop], 0);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: nothing is in hand between two messages.
        }
    }

    private async Task HandleOneAsync(IncomingMessage incoming)
    {
        var envelope = incoming.Envelope;
        var handling = _handling.Token;
        var started = WorkerMetrics.Start();
        using var scope = logger.BeginScope(new LogScopes.Message(envelope));

        // The consumer span: what the engine does, sends and saves for this delivery is under it.
        using var activity = SagaTracing.StartProcessing(incoming, transport.MessagingSystem);
        try
        {
            await engine.HandleAsync(incoming, handling).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (handling.IsCancellationRequested)
        {
            SagaWorkerLog.HandedBack(logger, envelope.MessageId, envelope.MessageType);
            Settled(TypeTag(envelope, null), "handed_back", started, activity, null);
            await SettleAsync(incoming, () => incoming.RetryLaterAsync(TimeSpan.Zero, countsAsAttempt: false, CancellationToken.None)).ConfigureAwait(false);
            return;
        }
        catch (Exception exception)
        {
            await SettleFailureAsync(incoming, exception, started, activity).ConfigureAwait(false);
            return;
        }

        Settled(envelope.MessageType, "handled", started, activity, null);
        await SettleAsync(incoming, () => incoming.AckAsync(CancellationToken.None)).ConfigureAwait(false);
    }

    // How a delivery ended, told to the metrics and to its span.
    private static void Settled(string messageType, string outcome, long started, Activity? activity, Exception? exception)
    {
        WorkerMetrics.Settled(messageType, outcome, started);
        if (exception is not null)
        {
            SagaTracing.RecordFailure(activity, exception);
        }

        activity?.SetTag(SagaTracing.Outcome, outcome);
    }

    private Task SettleFailureAsync(IncomingMessage incoming, Exception exception, long started, Activity? activity)
    {
        var envelope = incoming.Envelope;
        var type = TypeTag(envelope, exception);
        var kind = MessageFailures.Classify(exception, _classifiers);
        if (kind == FailureKind.Infrastructure)
        {
            SagaWorkerLog.InfrastructureRetry(logger, exception, envelope.MessageId, envelope.MessageType, exception.Message, InfrastructureRetryDelay);
            Settled(type, "retried", started, activity, exception);
            WorkerMetrics.Retried(type, "infrastructure");
            return SettleAsync(incoming, () => incoming.RetryLaterAsync(InfrastructureRetryDelay, countsAsAttempt: false, CancellationToken.None));
        }

        if (kind == FailureKind.Transient && incoming.Delivery <= _retryDelays.Length)
        {
            var delay = _retryDelays[(int)incoming.Delivery - 1];
            SagaWorkerLog.Retry(logger, exception, envelope.MessageId, envelope.MessageType, incoming.Delivery, delay);
            Settled(type, "retried", started, activity, exception);
            WorkerMetrics.Retried(type, "transient");
            return SettleAsync(incoming, () => incoming.RetryLaterAsync(delay, countsAsAttempt: true, CancellationToken.None));
        }

        SagaWorkerLog.DeadLettered(logger, exception, envelope.MessageId, envelope.MessageType, incoming.Delivery, kind == FailureKind.Permanent ? "retrying cannot help" : "no retry left", exception.Message);
        Settled(type, "dead_lettered", started, activity, exception);
        WorkerMetrics.DeadLettered(type, kind == FailureKind.Permanent ? "permanent" : "retries_exhausted");
        return SettleAsync(incoming, () => incoming.DeadLetterAsync(exception.Message, exception, CancellationToken.None));
    }

    // A wire name nobody registered comes from outside, unbounded: one tag value for all of them.
    private static string TypeTag(Envelope envelope, Exception? exception) =>
        exception is UnknownMessageTypeException ? "_unknown" : envelope.MessageType;

    // An acknowledgement, retry or dead-lettering that fails (the broker went away) must not end the
    // loop: the message stays unacknowledged, comes back, and the saga's inbox recognises it.
    private async Task SettleAsync(IncomingMessage incoming, Func<ValueTask> settle)
    {
        try
        {
            await settle().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SagaWorkerLog.SettleFailed(logger, exception, incoming.Envelope.MessageId, incoming.Envelope.MessageType);
        }
    }
}
