using Microsoft.Extensions.Logging;

namespace Sagas;

/// <summary>
/// The engine's log events, source-generated: nothing is formatted or boxed unless the level is
/// enabled. Event ids 1001–1099; stable, so alerts and filters can rely on them.
/// </summary>
internal static partial class SagaEngineLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Saga {Key}: {From} -> {To} on {MessageType}")]
    public static partial void Transitioned(ILogger logger, SagaKey key, string from, string to, string messageType);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "No saga or handler subscribes to {MessageType} {MessageId}")]
    public static partial void NoSubscriber(ILogger logger, string messageType, string messageId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Saga {Key} already handled {MessageId}; skipped")]
    public static partial void AlreadyHandled(ILogger logger, SagaKey key, string messageId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "No saga {Key} exists and {MessageType} does not start one; message {MessageId} ignored")]
    public static partial void MissingSagaIgnored(ILogger logger, SagaKey key, string messageType, string messageId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Saga {Key} ignores {MessageType} in state {State}; message {MessageId} dropped")]
    public static partial void Ignored(ILogger logger, SagaKey key, string messageType, string? state, string messageId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Saga {Key} has finished in state {State} and has no handler for {MessageType}; message {MessageId} acknowledged and dropped")]
    public static partial void FinishedSagaIgnored(ILogger logger, SagaKey key, string? state, string messageType, string messageId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Saga {Key} in state {State} has no handler for {MessageType}; message {MessageId} ignored")]
    public static partial void UnexpectedIgnored(ILogger logger, SagaKey key, string? state, string messageType, string messageId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "Saga {Key} was saved concurrently (attempt {Attempt}); reloading")]
    public static partial void SavedConcurrently(ILogger logger, SagaKey key, int attempt);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "Saga {Key} gave up compensating step {Step} after {Attempts} unconfirmed attempt(s) and ended in {State}; the steps left in its compensation log need undoing by hand")]
    public static partial void CompensationGivenUp(ILogger logger, SagaKey key, string step, int attempts, string? state);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "{Handler} already handled {MessageId}; skipped")]
    public static partial void ParticipantAlreadyHandled(ILogger logger, string handler, string messageId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "{Handler} handled {MessageId} on another worker at the same time; this handling's messages dropped")]
    public static partial void ParticipantRaced(ILogger logger, string handler, string messageId);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Saga {Key}: relaying {Count} message(s) that the step for {MessageId} saved but its worker never sent")]
    public static partial void RelayingLeftovers(ILogger logger, SagaKey key, int count, string messageId);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Saga {Key} started in {State} on {MessageType}")]
    public static partial void Started(ILogger logger, SagaKey key, string state, string messageType);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Information, Message = "Saga {Key} finished in {State} on {MessageType}")]
    public static partial void Finished(ILogger logger, SagaKey key, string state, string messageType);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Information, Message = "Saga {Key} started compensating on {MessageType} in state {State}")]
    public static partial void CompensationStarted(ILogger logger, SagaKey key, string messageType, string? state);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Debug, Message = "Saga {Key} is undoing step {Step}")]
    public static partial void UndoingStep(ILogger logger, SagaKey key, string step);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Debug, Message = "Saga {Key} undid step {Step}")]
    public static partial void StepUndone(ILogger logger, SagaKey key, string step);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "The in-memory store holds Sagas:InMemory:MaxCompleted ({Max}) finished instances and forgot one finished {Age} ago, before its CompletedRetention ({Retention}): a retried message of it would be handled as new. Raise MaxCompleted, or run on Redis")]
    public static partial void CompletedCapReached(ILogger logger, int max, TimeSpan age, TimeSpan retention);
}
