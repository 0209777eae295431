using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>
/// Everything read from one <c>[Saga]</c> class, problems included, with the symbols and locations
/// that diagnostics point at. The analyzers report from it; the generator turns a model without
/// errors into a <see cref="SagaSpec"/> and drops the symbols.
/// </summary>
internal sealed class SagaModel
{
    public SagaModel(INamedTypeSymbol symbol) => Symbol = symbol;

    public INamedTypeSymbol Symbol { get; }

    public Location NameLocation => Symbol.Locations.Length > 0 ? Symbol.Locations[0] : Location.None;

    public bool IsPartial { get; set; }

    /// <summary>Nested or generic sagas are not supported.</summary>
    public bool IsNestedOrGeneric { get; set; }

    /// <summary>The state enum, or <see langword="null"/> when the class does not derive from <c>Saga&lt;TState, TData&gt;</c>.</summary>
    public INamedTypeSymbol? StateType { get; set; }

    public INamedTypeSymbol? DataType { get; set; }

    public List<StateModel> States { get; } = [];

    public KeyModel Key { get; set; } = KeyModel.Missing;

    public List<HandlerModel> Handlers { get; } = [];

    public List<IgnoreModel> Ignores { get; } = [];

    /// <summary>The <c>UnexpectedMessagePolicy</c> value of <c>[Saga(Unexpected = ...)]</c>.</summary>
    public int UnexpectedPolicy { get; set; }

    public bool DerivesFromSaga => StateType is not null && DataType is not null;
}

internal sealed record StateModel(string Name, bool IsFinal, Location Location);

/// <summary>The instance key: a property of the saga's data.</summary>
/// <param name="Property">The key property, or <see langword="null"/> when none or several were found.</param>
/// <param name="Kind">How the key is turned into a string; <see cref="KeyKind.Unsupported"/> when it cannot be.</param>
/// <param name="Candidates">Every <c>[CorrelationId]</c> property, when there are several.</param>
internal sealed record KeyModel(IPropertySymbol? Property, KeyKind Kind, IReadOnlyList<IPropertySymbol> Candidates)
{
    public static readonly KeyModel Missing = new(null, KeyKind.Unsupported, []);

    public bool IsAmbiguous => Candidates.Count > 1;
}

/// <summary>One handler method and what its attributes and signature say.</summary>
internal sealed class HandlerModel
{
    public HandlerModel(IMethodSymbol method) => Method = method;

    public IMethodSymbol Method { get; }

    public Location Location => Method.Locations.Length > 0 ? Method.Locations[0] : Location.None;

    public bool IsStart { get; set; }

    /// <summary>The <c>[When]</c> attribute's states, each resolved to a member name when it is one of the saga's states.</summary>
    public List<StateReference> FromStates { get; } = [];

    public bool HasWhen { get; set; }

    /// <summary>Where the <c>[When]</c> attribute is written, when there is one.</summary>
    public Location? WhenLocation { get; set; }

    public StateReference? ToState { get; set; }

    public Location AttributesLocation { get; set; } = Location.None;

    public bool Compensates { get; set; }

    public Location? CompensateLocation { get; set; }

    public string? CompensatedBy { get; set; }

    public Location? CompensatedByLocation { get; set; }

    /// <summary>How to call the compensation; <see langword="null"/> when <see cref="CompensatedBy"/> names no callable method.</summary>
    public MethodCall? Compensation { get; set; }

    /// <summary>The <c>[CompensatedBy(ConfirmedBy = ...)]</c> event, when the compensation awaits one.</summary>
    public INamedTypeSymbol? ConfirmedBy { get; set; }

    /// <summary>The confirming event's spec, or <see langword="null"/> when it is not <c>[Event]</c> or <c>[Command]</c>.</summary>
    public MessageSpec? ConfirmationMessage { get; set; }

    /// <summary>Whether the confirming event carries the saga's key, with the key's type.</summary>
    public bool ConfirmationCorrelates { get; set; }

    /// <summary>The <c>[Compensate(FailedState = ...)]</c> state, when one is given.</summary>
    public StateReference? FailedState { get; set; }

    /// <summary>The message type: the first parameter's type.</summary>
    public INamedTypeSymbol? MessageType { get; set; }

    /// <summary>The message's spec, or <see langword="null"/> when its type is not <c>[Event]</c> or <c>[Command]</c>.</summary>
    public MessageSpec? Message { get; set; }

    /// <summary>How to call the handler, or <see langword="null"/> with <see cref="SignatureProblem"/> set.</summary>
    public MethodCall? Call { get; set; }

    public string? SignatureProblem { get; set; }

    /// <summary>The message's property named like the key, if any (its type may differ: see <see cref="CorrelationMatches"/>).</summary>
    public IPropertySymbol? Correlation { get; set; }

    public bool CorrelationMatches { get; set; }

    /// <summary>What the handler's body sends, publishes, schedules and cancels through the context.</summary>
    public List<SentMessage> Sends { get; } = [];

    /// <summary>Whether its [Then] and, unless it starts the saga, its [When] states all name members of the state enum.</summary>
    public bool StatesResolved =>
        ToState?.Name is not null && (IsStart || (FromStates.Count > 0 && FromStates.TrueForAll(s => s.Name is not null)));

    /// <summary>Whether the handler calls <c>context.Complete()</c>, ending the instance.</summary>
    public bool Completes => Sends.Exists(s => s.Kind == SendKind.Complete);
}

/// <summary>A state named in an attribute: its member name, or <see langword="null"/> when the value is not one of the saga's states.</summary>
internal sealed record StateReference(string? Name, Location Location);

/// <summary>An <c>[Ignore(typeof(X), states)]</c> on the saga.</summary>
internal sealed record IgnoreModel(INamedTypeSymbol? MessageType, MessageSpec? Message, IReadOnlyList<StateReference> States, Location Location);

/// <summary>A call to <c>MessageContext.Send</c>, <c>Publish</c>, <c>Schedule</c>, <c>CancelScheduled</c> or <c>Complete</c> in a handler.</summary>
/// <param name="Kind">Which call.</param>
/// <param name="Type">The message type; for <see cref="SendKind.Complete"/>, the context type itself.</param>
/// <param name="Message">The message's spec when the type is registered; <see langword="null"/> for <see cref="SendKind.Complete"/>.</param>
/// <param name="Location">The call.</param>
internal sealed record SentMessage(SendKind Kind, ITypeSymbol Type, MessageSpec? Message, Location Location);

internal enum SendKind
{
    Send,
    Publish,
    Schedule,
    CancelScheduled,

    /// <summary><c>context.Complete()</c>: the handler ends the instance.</summary>
    Complete,
}

/// <summary>How a key property becomes the string a store uses.</summary>
internal enum KeyKind
{
    Unsupported,
    Guid,
    String,
    Integer,

    /// <summary>A strongly-typed id: a type whose single <c>Value</c> property is one of the kinds above.</summary>
    Wrapper,
}
