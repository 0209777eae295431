namespace Sagas;

/// <summary>
/// A saga's state machine as data, generated at compile time: for documentation, tests and tools.
/// <see cref="Mermaid"/> and <see cref="Dot"/> draw it.
/// </summary>
/// <param name="Name">The saga's full type name.</param>
/// <param name="States">Every state, in declaration order.</param>
/// <param name="FinalStates">The states that end the saga.</param>
/// <param name="Transitions">Every handler: which message moves the saga from which state to which.</param>
/// <param name="Ignored">Messages the saga drops in some states.</param>
/// <param name="Mermaid">A Mermaid <c>stateDiagram-v2</c> of the machine.</param>
/// <param name="Dot">A Graphviz DOT digraph of the machine.</param>
public sealed record SagaDescription(
    string Name,
    IReadOnlyList<string> States,
    IReadOnlyList<string> FinalStates,
    IReadOnlyList<SagaTransitionDescription> Transitions,
    IReadOnlyList<SagaIgnoreDescription> Ignored,
    string Mermaid,
    string Dot);

/// <summary>One handler of a saga.</summary>
/// <param name="FromState">The state it runs in; <see langword="null"/> for the handler that starts the saga.</param>
/// <param name="MessageType">The wire name of the message it handles.</param>
/// <param name="ToState">The state it moves to.</param>
/// <param name="Compensation">The method that undoes this step, if it declares one.</param>
/// <param name="Compensates">Whether it runs the compensations of the completed steps.</param>
/// <param name="Confirmation">
/// The wire name of the event that confirms this step's compensation (<c>ConfirmedBy</c>), which the
/// saga awaits while compensating; <see langword="null"/> when the compensation awaits none.
/// </param>
public sealed record SagaTransitionDescription(string? FromState, string MessageType, string ToState, string? Compensation, bool Compensates, string? Confirmation = null);

/// <summary>A message a saga ignores in a state.</summary>
/// <param name="State">The state.</param>
/// <param name="MessageType">The wire name of the ignored message.</param>
public sealed record SagaIgnoreDescription(string State, string MessageType);
