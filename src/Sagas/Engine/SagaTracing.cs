using System.Diagnostics;

namespace Sagas;

/// <summary>
/// Sagas's traces, on the <see cref="ActivitySource"/> named <see cref="ActivitySourceName"/>
/// (OpenTelemetry: <c>AddSource(SagaTracing.ActivitySourceName)</c>), following the OpenTelemetry
/// messaging conventions. A message's creation is a producer span (<c>send</c>, <c>publish</c> or
/// <c>schedule</c>) whose context the message carries as its <c>traceparent</c>; the worker's
/// delivery of it is a consumer span (<c>process</c>) parented by that context, in whichever
/// process reads it; each saga or participant that handles it is a span under that; each
/// compensation a span under the step that started it. Nothing is allocated while no listener listens.
/// </summary>
public static class SagaTracing
{
    /// <summary>The name of the activity source.</summary>
    public const string ActivitySourceName = "Sagas";

    /// <summary><c>messaging.system</c>: <c>redis</c> or <c>in_memory</c> (<see cref="IMessageTransport.MessagingSystem"/>).</summary>
    public const string MessagingSystem = "messaging.system";

    /// <summary>
    /// <c>messaging.operation.type</c>: <c>create</c> on a message made in a handler (it is sent
    /// when the step is saved), <c>send</c> on one published by <see cref="IMessageBus"/>,
    /// <c>process</c> on consumer spans.
    /// </summary>
    public const string OperationType = "messaging.operation.type";

    /// <summary><c>messaging.operation.name</c>: <c>send</c> (a command), <c>publish</c> (an event), <c>schedule</c> (a timeout) or <c>process</c>.</summary>
    public const string OperationName = "messaging.operation.name";

    /// <summary><c>messaging.destination.name</c>: the message type's wire name, the topic its subscribers read.</summary>
    public const string Destination = "messaging.destination.name";

    /// <summary><c>messaging.consumer.group.name</c>: the service (consumer group) that read the message.</summary>
    public const string ConsumerGroup = "messaging.consumer.group.name";

    /// <summary><c>messaging.message.id</c>.</summary>
    public const string MessageId = "messaging.message.id";

    /// <summary><c>messaging.message.conversation_id</c>: the correlation id, the saga's key or the flow's id.</summary>
    public const string ConversationId = "messaging.message.conversation_id";

    /// <summary><c>sagas.stream</c>: where the message was read from (the Redis stream's key).</summary>
    public const string Stream = "sagas.stream";

    /// <summary><c>sagas.delivery</c>: which delivery of the message this is, 1 the first time.</summary>
    public const string Delivery = "sagas.delivery";

    /// <summary><c>sagas.saga</c>: the saga's (or participant handler's) name.</summary>
    public const string Saga = "sagas.saga";

    /// <summary><c>sagas.saga.key</c>: the saga instance's correlation key.</summary>
    public const string SagaKey = "sagas.saga.key";

    /// <summary><c>sagas.state.from</c>: the instance's state before the message (absent for a new one).</summary>
    public const string FromState = "sagas.state.from";

    /// <summary><c>sagas.state.to</c>: the instance's state after the message.</summary>
    public const string ToState = "sagas.state.to";

    /// <summary><c>sagas.compensation.step</c>: the wire name of the step a compensation undoes.</summary>
    public const string CompensatedStep = "sagas.compensation.step";

    /// <summary><c>sagas.compensation.attempt</c>: the attempt at undoing it, from 1.</summary>
    public const string CompensationAttempt = "sagas.compensation.attempt";

    /// <summary>
    /// <c>sagas.outcome</c>. On a handling span: <c>handled</c>, <c>ignored</c>, <c>unexpected</c>
    /// (dropped by the saga's policy or late for a finished instance), <c>not_found</c> (no instance,
    /// dropped by <see cref="MissingSagaPolicy.Ignore"/>) or <c>duplicate</c> (handled before). On a
    /// process span: <c>handled</c>, <c>retried</c>, <c>dead_lettered</c> or <c>handed_back</c>.
    /// </summary>
    public const string Outcome = "sagas.outcome";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>
    /// Starts the consumer span of one delivery, parented by the context the message carries; the
    /// hosted worker calls it around each message. Returns <see langword="null"/> when no listener samples it.
    /// </summary>
    /// <param name="incoming">The message received.</param>
    /// <param name="messagingSystem">The transport's <see cref="IMessageTransport.MessagingSystem"/>.</param>
    public static Activity? StartProcessing(IncomingMessage incoming, string messagingSystem)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (!Source.HasListeners())
        {
            return null;
        }

        var envelope = incoming.Envelope;
        ActivityContext.TryParse(envelope.TraceParent, envelope.TraceState, isRemote: true, out var parent);
        var activity = Source.StartActivity("process " + envelope.MessageType, ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingSystem, messagingSystem);
            activity.SetTag(OperationType, "process");
            activity.SetTag(OperationName, "process");
            activity.SetTag(Destination, envelope.MessageType);
            activity.SetTag(MessageId, envelope.MessageId);
            activity.SetTag(ConversationId, envelope.CorrelationId);
            activity.SetTag(ConsumerGroup, incoming.ConsumerGroup);
            activity.SetTag(Stream, incoming.Source);
            activity.SetTag(Delivery, incoming.Delivery);
        }

        return activity;
    }

    /// <summary>Records a failure on <paramref name="activity"/>: its status, <c>error.type</c> and the exception as an event.</summary>
    public static void RecordFailure(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception.GetType().FullName);
        activity.AddException(exception);
    }

    // A message's creation: started and stopped around the envelope's making, so the envelope
    // carries this span's context (Envelope.Create reads Activity.Current).
    internal static Activity? StartProducing(string operation, string wireName, string? correlationId, string messagingSystem, bool sentNow = false)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(operation + " " + wireName, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingSystem, messagingSystem);
            activity.SetTag(OperationType, sentNow ? "send" : "create");
            activity.SetTag(OperationName, operation);
            activity.SetTag(Destination, wireName);
            activity.SetTag(ConversationId, correlationId);
        }

        return activity;
    }

    internal static void Produced(Activity? activity, Envelope envelope)
    {
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag(MessageId, envelope.MessageId);
        }

        activity.Stop();
    }

    // One saga's or participant's handling of a message, under the consumer span when a worker
    // runs it, else under the context the message carries. When several handle the message, each
    // also links to the message's creation, where the trace came from.
    internal static Activity? StartHandling(string handler, string? key, Envelope envelope, bool shared)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // The message's context is read only when it is the parent or a link: under the worker's
        // consumer span, which was started from it, a lone handling needs neither.
        var current = Activity.Current;
        var creation = default(ActivityContext);
        if (current is null || shared)
        {
            ActivityContext.TryParse(envelope.TraceParent, envelope.TraceState, isRemote: true, out creation);
        }

        var parent = current?.Context ?? creation;
        IEnumerable<ActivityLink>? links = shared && creation != default ? [new ActivityLink(creation)] : null;
        var activity = Source.StartActivity(handler + " " + envelope.MessageType, ActivityKind.Internal, parent, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Saga, handler);
            activity.SetTag(SagaKey, key);
            activity.SetTag(MessageId, envelope.MessageId);
            activity.SetTag(ConversationId, envelope.CorrelationId);
        }

        return activity;
    }

    internal static void Handled(Activity? activity, string outcome, string? fromState = null, string? toState = null)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(Outcome, outcome);
        activity.SetTag(FromState, fromState);
        activity.SetTag(ToState, toState);
    }

    // A compensation of one step, under the handling that started it (or retried it).
    internal static Activity? StartCompensating(string saga, string? key, string step, int attempt)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("compensate " + step, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Saga, saga);
            activity.SetTag(SagaKey, key);
            activity.SetTag(CompensatedStep, step);
            activity.SetTag(CompensationAttempt, attempt);
        }

        return activity;
    }
}
