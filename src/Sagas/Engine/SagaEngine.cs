using System.Collections.Frozen;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>
/// The one path a message travels: deserialize → route to sagas → load → dispatch → save (state,
/// inbox and outbox at once) → relay the outbox; then the participants' handlers. The transport's
/// acknowledgement comes after this returns, so a crash anywhere before it means redelivery, which
/// the inbox absorbs.
/// </summary>
public sealed partial class SagaEngine
{
    /// <summary>The name of Sagas's activity source; the same as <see cref="SagaTracing.ActivitySourceName"/>.</summary>
    public const string ActivitySourceName = SagaTracing.ActivitySourceName;

    [ThreadStatic]
    private static List<SagaRoute>? t_routes;
    private const string ParticipantHandled = "Handled";
    private readonly IMessageRegistry _registry;
    private readonly ISagaRouter _router;
    private readonly ISagaStore _store;
    private readonly IDeliveringSagaStore? _deliveringStore;
    private readonly IMessageTransport _transport;
    private readonly string _messagingSystem;
    private readonly IMessageScheduler _scheduler;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;
    private readonly ISagaObserver[] _observers;
    private readonly FrozenDictionary<Type, MessageHandlerBinding[]> _handlers;
    private readonly SagasOptions _options;
    private readonly JsonSerializerOptions _messageJson;
    private readonly ILogger<SagaEngine> _logger;

    /// <summary>Creates the engine; resolve it from the container rather than calling this.</summary>
    public SagaEngine(
        IMessageRegistry registry,
        ISagaRouter router,
        ISagaStore store,
        IMessageTransport transport,
        IMessageScheduler scheduler,
        TimeProvider time,
        IServiceProvider services,
        IEnumerable<ISagaObserver> observers,
        IOptions<SagasOptions> options,
        ILogger<SagaEngine> logger)
    {
        _registry = registry;
        _router = router;
        _store = store;
        _deliveringStore = store as IDeliveringSagaStore;
        _transport = transport;
        _messagingSystem = transport.MessagingSystem; // read once: every outgoing message's span names it
        _scheduler = scheduler;
        _time = time;
        _services = services;
        _observers = [.. observers];
        _handlers = services.GetService(typeof(IEnumerable<MessageHandlerBinding>)) is IEnumerable<MessageHandlerBinding> bindings
            ? bindings.GroupBy(b => b.MessageType).ToFrozenDictionary(g => g.Key, g => g.ToArray())
            : FrozenDictionary<Type, MessageHandlerBinding[]>.Empty;
        _options = options.Value;
        _messageJson = MessageChecks.StrictJson(_options.JsonSerializerOptions);
        _logger = logger;
    }

    /// <summary>Handles one received envelope to the end of its path.</summary>
    /// <exception cref="UnknownMessageTypeException">The envelope's type is not registered.</exception>
    /// <exception cref="JsonException">The body is not valid JSON for its type, or lacks a member the type requires.</exception>
    /// <exception cref="MissingCorrelationIdException">A key the message is routed by is empty.</exception>
    /// <exception cref="MalformedMessageException">A built-in message (<see cref="CompensationTimedOut"/>) lacks a member.</exception>
    /// <exception cref="UnexpectedMessageException">A live saga instance's state has no handler for the message.</exception>
    /// <exception cref="SagaFinishedException">A finished instance's state has no handler for the message, and <see cref="SagasOptions.FinishedSaga"/> is <see cref="FinishedSagaPolicy.DeadLetter"/>.</exception>
    /// <exception cref="SagaNotFoundException">No instance exists, and <see cref="SagasOptions.MissingSaga"/> is <see cref="MissingSagaPolicy.Fault"/>.</exception>
    /// <exception cref="SagaConcurrencyException">The step lost every retry to concurrent saves.</exception>
    public ValueTask HandleAsync(Envelope envelope, CancellationToken cancellationToken) => HandleAsync(envelope, null, cancellationToken);

    /// <summary>
    /// Handles one received message to the end of its path. When the message has one handling (one
    /// saga or one participant), a store that delivers (<see cref="IDeliveringSagaStore"/>) may
    /// acknowledge it in the same save; <see cref="IncomingMessage.AckAsync"/> must still be called
    /// after this returns, and then has nothing left to do.
    /// </summary>
    /// <inheritdoc cref="HandleAsync(Envelope, CancellationToken)"/>
    public ValueTask HandleAsync(IncomingMessage incoming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        return HandleAsync(incoming.Envelope, incoming, cancellationToken);
    }

    private async ValueTask HandleAsync(Envelope envelope, IncomingMessage? incoming, CancellationToken cancellationToken)
    {
        var message = envelope.Message ?? Deserialize(envelope);
        MessageChecks.Check(message, _registry);

        // A list per thread, taken for the call and given back after: a message usually has one route.
        var routes = t_routes ?? new List<SagaRoute>(1);
        t_routes = null;
        var participants = _handlers.TryGetValue(message.GetType(), out var bindings) ? bindings.Length : 0;
        int routed;
        try
        {
            _router.Route(message, routes);

            // Only a message's sole handling may settle it: with more to come, an acknowledgement
            // in the first save would lose the message for the others were the worker to stop.
            var shared = routes.Count + participants > 1;
            var settles = shared ? null : incoming;
            for (var i = 0; i < routes.Count; i++)
            {
                await HandleSagaAsync(routes[i], envelope, message, settles, shared, cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < participants; i++)
            {
                await HandleParticipantAsync(bindings![i], envelope, message, settles, shared, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            routed = routes.Count;
            routes.Clear();
            t_routes = routes;
        }

        if (routed + participants == 0)
        {
            SagaEngineLog.NoSubscriber(_logger, envelope.MessageType, envelope.MessageId);
        }
    }

    private object Deserialize(Envelope envelope) =>
        _registry.TryDeserialize(envelope.MessageType, envelope.Version, envelope.Body.Span, _messageJson, out var message)
            ? message
            : throw UnknownMessageTypeException.ForWireName(envelope.MessageType);

    // One saga's handling, in a logging scope and a trace span of its own.
    private async ValueTask HandleSagaAsync(SagaRoute route, Envelope envelope, object message, IncomingMessage? settles, bool shared, CancellationToken cancellationToken)
    {
        var key = new SagaKey(route.Saga.Name, route.CorrelationKey);
        using var scope = _logger.BeginScope(new LogScopes.Saga(key));
        using var activity = SagaTracing.StartHandling(key.SagaName, key.CorrelationKey, envelope, shared);
        try
        {
            await StepAsync(route, key, envelope, message, settles, activity, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SagaTracing.RecordFailure(activity, exception);
            throw;
        }
    }

    private async ValueTask StepAsync(SagaRoute route, SagaKey key, Envelope envelope, object message, IncomingMessage? settles, Activity? activity, CancellationToken cancellationToken)
    {
        // A delivering store may answer the first load from what it saved last. Whatever that copy
        // cannot settle (a refused save, a message ignored or unexpected in the state it says) is
        // tried again from an exact load, without counting as an attempt.
        var keptCopy = _deliveringStore is not null;
        for (var attempt = 1; attempt <= _options.MaxConcurrencyRetries + 1; attempt++)
        {
            var mayBeStale = keptCopy;
            keptCopy = false;
            var current = mayBeStale
                ? await _deliveringStore!.LoadForStepAsync(key, envelope.MessageId, cancellationToken).ConfigureAwait(false)
                : await _store.LoadAsync(key, envelope.MessageId, cancellationToken).ConfigureAwait(false);
            if (current is { AlreadyHandled: true })
            {
                SagaEngineLog.AlreadyHandled(_logger, key, envelope.MessageId);
                SagaTracing.Handled(activity, "duplicate", current.State);
                await RelayLeftoversAsync(key, envelope.MessageId, current, cancellationToken).ConfigureAwait(false);
                return;
            }

            var context = new MessageContext(_registry, _time, _options, envelope.MessageId, route.CorrelationKey, _messagingSystem);
            var step = await route.Saga.DispatchAsync(current, message, context, _options.JsonSerializerOptions, cancellationToken).ConfigureAwait(false);
            if (mayBeStale && current is not null && step.Outcome != SagaStepOutcome.Transitioned)
            {
                attempt--;
                continue;
            }

            switch (step.Outcome)
            {
                case SagaStepOutcome.NotStarted when _options.MissingSaga == MissingSagaPolicy.Ignore:
                    SagaEngineLog.MissingSagaIgnored(_logger, key, envelope.MessageType, envelope.MessageId);
                    SagaTracing.Handled(activity, "not_found");
                    return;
                case SagaStepOutcome.NotStarted:
                    throw new SagaNotFoundException(key.SagaName, key.CorrelationKey, envelope.MessageType);
                case SagaStepOutcome.Ignored:
                    SagaEngineLog.Ignored(_logger, key, envelope.MessageType, step.FromState, envelope.MessageId);
                    SagaTracing.Handled(activity, "ignored", step.FromState);
                    return;
                case SagaStepOutcome.Unexpected when current is { IsFinal: true }:
                    // Late for a finished instance: settled now, as retrying cannot change a finished saga.
                    if (_options.FinishedSaga == FinishedSagaPolicy.DeadLetter)
                    {
                        throw new SagaFinishedException(key.SagaName, key.CorrelationKey, step.FromState!, envelope.MessageType);
                    }

                    SagaEngineLog.FinishedSagaIgnored(_logger, key, step.FromState, envelope.MessageType, envelope.MessageId);
                    SagaTracing.Handled(activity, "unexpected", step.FromState);
                    return;
                case SagaStepOutcome.Unexpected when route.Saga.UnexpectedMessages == UnexpectedMessagePolicy.Ignore:
                    SagaEngineLog.UnexpectedIgnored(_logger, key, step.FromState, envelope.MessageType, envelope.MessageId);
                    SagaTracing.Handled(activity, "unexpected", step.FromState);
                    return;
                case SagaStepOutcome.Unexpected:
                    throw new UnexpectedMessageException(key.SagaName, key.CorrelationKey, step.FromState!, envelope.MessageType, route.Saga.UnexpectedMessages);
            }

            var commit = new SagaCommit(key, step.ToState!, step.Data!, step.IsFinal, current?.Version ?? 0, envelope.MessageId, context.Outgoing, step.FromState, envelope.MessageType)
            {
                CancelledSchedules = context.CancelledSchedules,
                Settles = settles,
            };
            var saved = await SaveAsync(commit, cancellationToken).ConfigureAwait(false);
            if (saved == SagaCommitResult.Conflict)
            {
                SagaEngineLog.SavedConcurrently(_logger, key, attempt);
                SagaMetrics.Conflict(key.SagaName);
                attempt -= mayBeStale ? 1 : 0;
                continue;
            }

            Transitioned(key, step, envelope.MessageType, activity);

            if (_observers.Length > 0)
            {
                var transition = new SagaTransition(key, step.FromState, step.ToState!, envelope.MessageType, step.IsFinal);
                foreach (var observer in _observers)
                {
                    observer.OnTransition(transition);
                }
            }

            if (saved == SagaCommitResult.Delivered)
            {
                return;
            }

            // Cancel first: what the step cancels was scheduled before it, and a message of the same
            // type that the step schedules anew (the next compensation's timeout) must survive.
            foreach (var messageType in context.CancelledSchedules)
            {
                await _scheduler.CancelAsync(key.SagaName, key.CorrelationKey, messageType, cancellationToken).ConfigureAwait(false);
            }

            await RelayOutboxAsync(key, context.Outgoing, cancellationToken).ConfigureAwait(false);
            return;
        }

        throw new SagaConcurrencyException(key, _options.MaxConcurrencyRetries + 1);
    }

    // A participant's handling is saved like a saga step that starts and ends an instance of its
    // own, keyed by handler and message id: the inbox makes a redelivered message a no-op, and the
    // outbox relays its replies once. The instance expires with the store's finished instances.
    private async ValueTask HandleParticipantAsync(MessageHandlerBinding binding, Envelope envelope, object message, IncomingMessage? settles, bool shared, CancellationToken cancellationToken)
    {
        using var activity = SagaTracing.StartHandling(binding.Name, null, envelope, shared);
        try
        {
            SagaTracing.Handled(activity, await HandleOnceAsync(binding, envelope, message, settles, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            SagaTracing.RecordFailure(activity, exception);
            throw;
        }
    }

    // Returns the outcome: handled, or duplicate when the inbox had it.
    private async ValueTask<string> HandleOnceAsync(MessageHandlerBinding binding, Envelope envelope, object message, IncomingMessage? settles, CancellationToken cancellationToken)
    {
        var key = new SagaKey(binding.Name, envelope.MessageId);
        var current = await _store.LoadAsync(key, envelope.MessageId, cancellationToken).ConfigureAwait(false);
        if (current is { AlreadyHandled: true })
        {
            SagaEngineLog.ParticipantAlreadyHandled(_logger, binding.Name, envelope.MessageId);
            await RelayLeftoversAsync(key, envelope.MessageId, current, cancellationToken).ConfigureAwait(false);
            return "duplicate";
        }

        var context = new MessageContext(_registry, _time, _options, envelope.MessageId, envelope.CorrelationId, _messagingSystem);
        await binding.Invoke(_services, message, context, cancellationToken).ConfigureAwait(false);
        var commit = new SagaCommit(key, ParticipantHandled, SagaDocument.None, IsFinal: true, ExpectedVersion: 0, envelope.MessageId, context.Outgoing, null, envelope.MessageType)
        {
            Settles = settles,
            IsHandlerRecord = true,
        };
        var saved = await SaveAsync(commit, cancellationToken).ConfigureAwait(false);
        if (saved == SagaCommitResult.Conflict)
        {
            // Another worker handled the same message at the same time and saved first: its replies go, not these.
            SagaEngineLog.ParticipantRaced(_logger, binding.Name, envelope.MessageId);
            return "duplicate";
        }

        if (saved == SagaCommitResult.Saved)
        {
            await RelayOutboxAsync(key, context.Outgoing, cancellationToken).ConfigureAwait(false);
        }

        return "handled";
    }

    private ValueTask<SagaCommitResult> SaveAsync(SagaCommit commit, CancellationToken cancellationToken)
    {
        if (_deliveringStore is not null)
        {
            return _deliveringStore.TryCommitAndDeliverAsync(commit, cancellationToken);
        }

        var saving = _store.TryCommitAsync(commit, cancellationToken);
        return saving.IsCompletedSuccessfully
            ? new(saving.Result ? SagaCommitResult.Saved : SagaCommitResult.Conflict)
            : AwaitSaveAsync(saving);

        static async ValueTask<SagaCommitResult> AwaitSaveAsync(ValueTask<bool> saving) =>
            await saving.ConfigureAwait(false) ? SagaCommitResult.Saved : SagaCommitResult.Conflict;
    }

    // A message comes again when the worker that handled it stopped before its acknowledgement,
    // perhaps before relaying too: relay what its step left in the outbox. Entries saved less than
    // RelayGracePeriod ago may be in the hands of that worker right now, so wait the grace out and
    // relay only what is still there; a message is acknowledged only once its outbox is relayed.
    private async ValueTask RelayLeftoversAsync(SagaKey key, string messageId, SagaSnapshot current, CancellationToken cancellationToken)
    {
        var leftovers = LeftoversOf(current, messageId);
        if (leftovers.Count == 0)
        {
            return;
        }

        var wait = leftovers.Max(e => e.SentAt) + _options.RelayGracePeriod - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            var reloaded = await _store.LoadAsync(key, messageId, cancellationToken).ConfigureAwait(false);
            leftovers = reloaded is null ? [] : LeftoversOf(reloaded, messageId);
        }

        if (leftovers.Count > 0)
        {
            SagaEngineLog.RelayingLeftovers(_logger, key, leftovers.Count, messageId);
            await RelayOutboxAsync(key, leftovers, cancellationToken).ConfigureAwait(false);
        }
    }

    private static List<Envelope> LeftoversOf(SagaSnapshot snapshot, string messageId) =>
        snapshot.PendingOutbox?.Where(e => e.CausationId == messageId).ToList() ?? [];

    // The fast path of the outbox: publish right after the save. Entries left by a crash here are
    // still in the store, to be relayed again.
    private async ValueTask RelayOutboxAsync(SagaKey key, IReadOnlyList<Envelope> outbox, CancellationToken cancellationToken)
    {
        if (outbox.Count == 0)
        {
            return;
        }

        await PublishAllAsync(key, outbox, cancellationToken).ConfigureAwait(false);
        var relayed = new string[outbox.Count];
        for (var i = 0; i < relayed.Length; i++)
        {
            relayed[i] = outbox[i].MessageId;
        }

        await _store.RemoveFromOutboxAsync(key, relayed, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask PublishAllAsync(SagaKey sender, IReadOnlyList<Envelope> envelopes, CancellationToken cancellationToken)
    {
        // All started before any is awaited: over Redis they travel in one round trip instead of
        // one each; in memory each completes at once and nothing more is allocated.
        List<Task>? pending = null;
        for (var i = 0; i < envelopes.Count; i++)
        {
            var publish = PublishAsync(sender, envelopes[i], cancellationToken);
            if (publish.IsCompletedSuccessfully)
            {
                continue;
            }

            (pending ??= []).Add(publish.AsTask());
        }

        if (pending is not null)
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }

    private ValueTask PublishAsync(SagaKey sender, Envelope envelope, CancellationToken cancellationToken) => envelope.DeliverAt is null
        ? _transport.PublishAsync(envelope, cancellationToken)
        : _scheduler.ScheduleAsync(envelope, sender.SagaName, cancellationToken);
}
