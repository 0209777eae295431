using System.Linq;

namespace Sagas.Generators.Model;

/// <summary>Everything the emitter needs to know about one saga; strings and flags only, so it caches.</summary>
/// <param name="Namespace">The saga's namespace, empty for the global namespace.</param>
/// <param name="ClassName">The saga's class name.</param>
/// <param name="MetadataName">The saga's full metadata name: its stored name and hint name.</param>
/// <param name="StateType">The <c>global::</c>-qualified state enum.</param>
/// <param name="DataType">The <c>global::</c>-qualified data type.</param>
/// <param name="UnexpectedPolicy">The member name of <c>UnexpectedMessagePolicy</c> the saga declares.</param>
/// <param name="States">The state enum's members.</param>
/// <param name="Handlers">The handlers, in declaration order.</param>
/// <param name="Ignores">The messages ignored in some states.</param>
/// <param name="SentMessages">The messages its methods send, publish, schedule or cancel, so the registry knows them.</param>
internal sealed record SagaSpec(
    string Namespace,
    string ClassName,
    string MetadataName,
    string StateType,
    string DataType,
    string UnexpectedPolicy,
    EquatableArray<StateSpec> States,
    EquatableArray<HandlerSpec> Handlers,
    EquatableArray<IgnoreSpec> Ignores,
    EquatableArray<MessageSpec> SentMessages)
{
    /// <summary>The built-in timeout of a compensation attempt, known to every registry that needs it.</summary>
    public static readonly MessageSpec CompensationTimedOut = new("global::Sagas.CompensationTimedOut", "Sagas.CompensationTimedOut", IsCommand: false);

    /// <summary>
    /// The messages it sends, publishes or schedules that carry its key (named and typed alike), and
    /// the member path to it: a reply finds the saga by that key, so the registry refuses them with it empty.
    /// </summary>
    public EquatableArray<KeyedMessageSpec> KeyedSent { get; init; }

    /// <summary>
    /// The data type's properties a copy sets, when copying them equals a JSON round trip
    /// (<see cref="Parsing.DataCopy"/>); the in-memory store then keeps the data with no JSON.
    /// </summary>
    public EquatableArray<string> DataCopy { get; init; }

    /// <summary>Whether the data is copied member by member rather than through JSON.</summary>
    public bool CopiesData { get; init; }

    /// <summary>Whether a compensation can await its confirmation: one declares it, and a handler runs the compensations.</summary>
    public bool AwaitsConfirmations => Handlers.Any(h => h.Confirmation is not null) && Handlers.Any(h => h.Compensates);
}

/// <summary>A member of a saga's state enum.</summary>
internal sealed record StateSpec(string Name, bool IsFinal);

/// <summary>One handler method: which message, in which states, to which state, with which side effects.</summary>
/// <param name="Message">The message it handles.</param>
/// <param name="CorrelationAccess">The member path from the message to the key value: <c>OrderId</c>, or <c>OrderId.Value</c> for a strongly-typed id.</param>
/// <param name="Call">How to call the method.</param>
/// <param name="IsStart">Whether the message creates the instance (<c>[StartedBy]</c>).</param>
/// <param name="FromStates">The states it runs in (<c>[When]</c>); empty for a starting handler.</param>
/// <param name="ToState">The state it moves to (<c>[Then]</c>).</param>
/// <param name="Compensates">Whether, after it returns, completed steps are compensated (<c>[Compensate]</c>).</param>
/// <param name="Compensation">How to call its step's compensation (<c>[CompensatedBy]</c>), if it has one.</param>
/// <param name="Confirmation">The event that confirms the compensation (<c>ConfirmedBy</c>), if it awaits one.</param>
/// <param name="FailedState">For a <c>[Compensate]</c> handler, the state to end in when a compensation is never confirmed.</param>
internal sealed record HandlerSpec(
    MessageSpec Message,
    string CorrelationAccess,
    MethodCall Call,
    bool IsStart,
    EquatableArray<string> FromStates,
    string ToState,
    bool Compensates,
    MethodCall? Compensation,
    ConfirmationSpec? Confirmation,
    string? FailedState);

/// <summary>The event confirming a compensation, and the member path from it to the saga's key.</summary>
internal sealed record ConfirmationSpec(MessageSpec Message, string CorrelationAccess);

/// <summary>A message that carries a saga's key, and the member path from it to the key value.</summary>
internal sealed record KeyedMessageSpec(MessageSpec Message, string CorrelationAccess);

/// <summary>A message the saga drops in the given states.</summary>
internal sealed record IgnoreSpec(MessageSpec Message, EquatableArray<string> States);

/// <summary>A user method the generated code calls: its name, argument kinds and whether to await it.</summary>
internal sealed record MethodCall(string Name, EquatableArray<ArgumentKind> Arguments, bool IsAsync);

/// <summary>What the generated code passes for one parameter of a user method.</summary>
internal enum ArgumentKind
{
    Message,
    Context,
    CancellationToken,
}
