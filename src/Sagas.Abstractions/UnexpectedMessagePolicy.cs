namespace Sagas;

/// <summary>
/// What a saga does with a message that arrives in a state that neither handles nor ignores it.
/// Set it with <c>[Saga(Unexpected = UnexpectedMessagePolicy.Ignore)]</c>.
/// </summary>
public enum UnexpectedMessagePolicy
{
    /// <summary>Throw, naming the saga, the state and the message; the transport retries, then dead-letters it. The default.</summary>
    Fault,

    /// <summary>Log a warning and acknowledge the message.</summary>
    Ignore,

    /// <summary>Move the message to the dead-letter queue at once, without retries.</summary>
    DeadLetter,
}
