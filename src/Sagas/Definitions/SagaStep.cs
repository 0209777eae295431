namespace Sagas;

/// <summary>What dispatching one message to a saga instance produced.</summary>
public readonly record struct SagaStep
{
    /// <summary>Whether a handler ran, and if not, why not.</summary>
    public required SagaStepOutcome Outcome { get; init; }

    /// <summary>The state before the message; <see langword="null"/> for a new instance.</summary>
    public string? FromState { get; init; }

    /// <summary>The state after the message.</summary>
    public string? ToState { get; init; }

    /// <summary>The instance's data and compensation log to save.</summary>
    public SagaDocument? Data { get; init; }

    /// <summary>Whether <see cref="ToState"/> is final.</summary>
    public bool IsFinal { get; init; }

    /// <summary>
    /// When the step gave up on a compensation (<see cref="CompensateAttribute.FailedState"/>): the
    /// wire name of the step whose compensation was never confirmed.
    /// </summary>
    public string? FailedCompensation { get; init; }

    /// <summary>
    /// The saga's compensation log when the step began or moved a compensation along: the engine
    /// logs, counts and traces what the step started, confirmed or gave up. Set by generated code.
    /// </summary>
    public SagaCompensation? Compensation { get; init; }

    /// <summary>A step in which a handler ran and the instance moved to <paramref name="toState"/>.</summary>
    public static SagaStep Transitioned(string? fromState, string toState, SagaDocument data, bool isFinal) =>
        new() { Outcome = SagaStepOutcome.Transitioned, FromState = fromState, ToState = toState, Data = data, IsFinal = isFinal };

    /// <summary>No instance exists and the message does not start one.</summary>
    public static SagaStep NotStarted() => new() { Outcome = SagaStepOutcome.NotStarted };

    /// <summary>The instance is in a state that has no handler for the message.</summary>
    public static SagaStep Unexpected(string state) => new() { Outcome = SagaStepOutcome.Unexpected, FromState = state };

    /// <summary>The saga declares the message ignored in the instance's state (<c>[Ignore]</c>).</summary>
    public static SagaStep Ignored(string state) => new() { Outcome = SagaStepOutcome.Ignored, FromState = state };
}

/// <summary>Whether dispatching a message ran a handler.</summary>
public enum SagaStepOutcome
{
    /// <summary>A handler ran; the instance has a new state and data to save.</summary>
    Transitioned,

    /// <summary>No instance exists and the message is not one that starts the saga.</summary>
    NotStarted,

    /// <summary>The instance's current state has no handler for the message.</summary>
    Unexpected,

    /// <summary>The saga declares the message ignored in the instance's current state.</summary>
    Ignored,
}
