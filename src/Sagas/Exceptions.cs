namespace Sagas;

/// <summary>A message's type is not a registered event or command.</summary>
public sealed class UnknownMessageTypeException : Exception
{
    /// <summary>Creates the exception for a wire name or type name.</summary>
    public UnknownMessageTypeException(string messageType, string message) : base(message) => MessageType = messageType;

    /// <summary>The wire name or type name that is not registered.</summary>
    public string MessageType { get; }

    /// <summary>A received wire name that no registered type carries.</summary>
    public static UnknownMessageTypeException ForWireName(string wireName) => new(
        wireName,
        $"Message type '{wireName}' is not registered. Mark the type [Event] or [Command] in a project that the service's "
        + "generated registry covers, or pin its wire name with [Event(\"...\")] if it was renamed.");

    /// <summary>A CLR type a handler tried to send that is not registered.</summary>
    public static UnknownMessageTypeException ForType(Type type) => new(
        type.FullName ?? type.Name,
        $"Type '{type.FullName}' is not a registered message. Mark it [Event] or [Command] so that the generated registry can "
        + "name and serialize it.");
}

/// <summary>A message arrived for a saga instance that does not exist and does not start one.</summary>
public sealed class SagaNotFoundException(string sagaName, string correlationKey, string messageType)
    : Exception($"No {sagaName} instance has key '{correlationKey}', and {messageType} does not start one. "
        + $"Set SagasOptions.MissingSaga to Ignore to drop such messages, or mark a handler of {messageType} [StartedBy].")
{
    /// <summary>The saga's name.</summary>
    public string SagaName { get; } = sagaName;

    /// <summary>The correlation key read from the message.</summary>
    public string CorrelationKey { get; } = correlationKey;
}

/// <summary>A saga instance is in a state that has no handler for the message that arrived.</summary>
public sealed class UnexpectedMessageException(string sagaName, string correlationKey, string state, string messageType, UnexpectedMessagePolicy policy = UnexpectedMessagePolicy.Fault)
    : Exception($"{sagaName} '{correlationKey}' is in state {state}, which has no handler for {messageType}. "
        + $"Add a handler with [When(State.{state})] for {messageType}, declare [Ignore(typeof({messageType}), State.{state})] on the saga, "
        + "or set [Saga(Unexpected = UnexpectedMessagePolicy.Ignore)].")
{
    /// <summary>
    /// <see cref="UnexpectedMessagePolicy.Fault"/>: the transport may retry the message;
    /// <see cref="UnexpectedMessagePolicy.DeadLetter"/>: dead-letter it at once.
    /// </summary>
    public UnexpectedMessagePolicy Policy { get; } = policy;

    /// <summary>The saga's name.</summary>
    public string SagaName { get; } = sagaName;

    /// <summary>The state the instance was in.</summary>
    public string State { get; } = state;
}

/// <summary>
/// A message arrived for a finished saga instance whose state neither handles nor ignores it, under
/// <see cref="FinishedSagaPolicy.DeadLetter"/>. Retrying cannot help, so it is dead-lettered at once.
/// </summary>
public sealed class SagaFinishedException(string sagaName, string correlationKey, string state, string messageType)
    : Exception($"{sagaName} '{correlationKey}' has finished in state {state}, which has no handler for {messageType}. "
        + $"If it must be acted on (a late reply to undo), add a handler with [When(State.{state}), Then(State.{state})]; "
        + $"else declare [Ignore(typeof({messageType}), State.{state})] on the saga, or set SagasOptions.FinishedSaga to Ignore.")
{
    /// <summary>The saga's name.</summary>
    public string SagaName { get; } = sagaName;

    /// <summary>The correlation key read from the message.</summary>
    public string CorrelationKey { get; } = correlationKey;

    /// <summary>The state the instance finished in.</summary>
    public string State { get; } = state;
}

/// <summary>A saga step kept losing the race to save the same instance.</summary>
public sealed class SagaConcurrencyException(SagaKey key, int attempts)
    : Exception($"Saga {key} was saved by another worker {attempts} times in a row while this one handled the same instance; "
        + "the message goes back to the transport. Raise SagasOptions.MaxConcurrencyRetries if this is expected.")
{
    /// <summary>The contended instance.</summary>
    public SagaKey Key { get; } = key;
}

/// <summary>
/// A received message cannot be read: a header is missing or invalid, or it is larger than the
/// configured limit. Retrying cannot help, so it is dead-lettered at once.
/// </summary>
public sealed class MalformedMessageException(string message) : Exception(message);

/// <summary>
/// A message was written by a newer version of its type than this process knows: an old worker
/// reading a message from a new one. Retrying cannot help, so it is dead-lettered at once; replay
/// it once every worker runs the new version.
/// </summary>
public sealed class MessageVersionException : Exception
{
    /// <summary>Creates the exception for a message of <paramref name="version"/> when <paramref name="knownVersion"/> is the newest known.</summary>
    public MessageVersionException(string messageType, string typeName, int version, int knownVersion)
        : base($"Message type '{messageType}' ({typeName}) arrived at version {version}, but this process knows it only up to version {knownVersion}. "
            + "A newer service wrote it: deploy the new version of the type to this service, then replay the dead letter.")
    {
        MessageType = messageType;
        TypeName = typeName;
        Version = version;
        KnownVersion = knownVersion;
    }

    /// <summary>The message's wire name.</summary>
    public string MessageType { get; }

    /// <summary>The registered type's name.</summary>
    public string TypeName { get; }

    /// <summary>The version the message was written at.</summary>
    public int Version { get; }

    /// <summary>The newest version this process knows.</summary>
    public int KnownVersion { get; }
}
