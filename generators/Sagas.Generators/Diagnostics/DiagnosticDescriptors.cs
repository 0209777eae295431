using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Diagnostics;

/// <summary>The one catalog of diagnostic descriptors reported by the Sagas analyzers.</summary>
internal static class DiagnosticDescriptors
{
    // One category per area, so a team can tune a whole area in .editorconfig at once.
    private const string Naming = "Sagas.Naming";
    private const string Messages = "Sagas.Messages";
    private const string Structure = "Sagas.Structure";
    private const string Flow = "Sagas.Flow";
    private const string Correlation = "Sagas.Correlation";
    private const string Compensation = "Sagas.Compensation";

    public static readonly DiagnosticDescriptor EventNotPastTense = Create(
        DiagnosticIds.EventNotPastTense, Naming, DiagnosticSeverity.Warning,
        "Event is not named in the past tense",
        "Event '{0}' is not named in the past tense: events record what has happened. {1}",
        "An event states a fact that has already happened (OrderPlaced, PaymentCaptured). "
            + "A name in the imperative (PlaceOrder) reads as a command and invites handlers to refuse it. "
            + "Name events as a noun followed by a past-tense verb; pin the wire name with [Event(\"...\")] "
            + "before renaming if messages with the old name are already stored.");

    public static readonly DiagnosticDescriptor MessageMutable = Create(
        DiagnosticIds.MessageMutable, Messages, DiagnosticSeverity.Warning,
        "Message type is mutable",
        "Message '{0}' is mutable: {1}. Make it a record with positional or init-only properties.",
        "Events and commands are facts and requests in flight; a handler that changes one changes it for every other handler and for the retry. Declare messages as records with positional parameters or init-only properties, and no settable fields.");

    public static readonly DiagnosticDescriptor SagaNotPartial = Create(
        DiagnosticIds.SagaNotPartial, Structure, DiagnosticSeverity.Error,
        "Saga class is not partial",
        "Saga '{0}' must be declared partial so that the generator can add its state machine",
        "The generator adds the saga's dispatch, correlation and description to the class itself. Add the partial modifier.");

    public static readonly DiagnosticDescriptor SagaShapeInvalid = Create(
        DiagnosticIds.SagaShapeInvalid, Structure, DiagnosticSeverity.Error,
        "Saga class has a shape the generator cannot compile",
        "Saga '{0}' {1}",
        "A saga is a top-level, non-generic partial class deriving from Saga<TState, TData>, where TState is an enum declared for the saga and TData a class with a parameterless constructor.");

    public static readonly DiagnosticDescriptor SagaHasNoStart = Create(
        DiagnosticIds.SagaHasNoStart, Flow, DiagnosticSeverity.Error,
        "Saga has no starting handler",
        "Saga '{0}' has no handler marked [StartedBy], so no instance can ever be created. Mark the handler of the event that begins the process [StartedBy, Then(State.X)].",
        "An instance of a saga is created by the message of its [StartedBy] handler; without one, every message is for an instance that does not exist.");

    public static readonly DiagnosticDescriptor HandlerMessageNotRegistered = Create(
        DiagnosticIds.HandlerMessageNotRegistered, Structure, DiagnosticSeverity.Error,
        "Handler takes a type that is not a registered message",
        "Handler '{0}' takes '{1}', which is not marked [Event] or [Command]. Mark the type, or take a registered message as the first parameter.",
        "Only [Event] and [Command] types are in the generated registry: nothing else is ever deserialized or routed to a saga.");

    public static readonly DiagnosticDescriptor HandlerSignatureInvalid = Create(
        DiagnosticIds.HandlerSignatureInvalid, Structure, DiagnosticSeverity.Error,
        "Handler has a signature the engine cannot call",
        "Handler '{0}' cannot be called by the saga engine: {1}",
        "A handler takes the message first, then optionally a MessageContext and a CancellationToken; it is not generic, static or async void, and returns void, Task or ValueTask.");

    public static readonly DiagnosticDescriptor HandlerStatesMissing = Create(
        DiagnosticIds.HandlerStatesMissing, Structure, DiagnosticSeverity.Error,
        "Handler does not name its states",
        "Handler '{0}' {1}",
        "Every handler names the state it moves the saga to with [Then(State.X)]; a handler that is not [StartedBy] names the states it runs in with [When(State.A, ...)], using members of the saga's state enum.");

    public static readonly DiagnosticDescriptor DuplicateHandler = Create(
        DiagnosticIds.DuplicateHandler, Flow, DiagnosticSeverity.Error,
        "Two handlers for the same state and message",
        "Handlers '{0}' and '{1}' both handle '{2}' {3}; only one can run. Merge them, or give them different [When] states.",
        "For each state, at most one handler may handle each message type, and at most one handler may start the saga for each message type.");

    public static readonly DiagnosticDescriptor UnreachableState = Create(
        DiagnosticIds.UnreachableState, Flow, DiagnosticSeverity.Warning,
        "State is unreachable",
        "State {0} of saga '{1}' is never entered: no [StartedBy] or [Then] leads to it. Add a transition to it, or remove it.",
        "A state that no handler moves the saga into is dead code in the state machine, or a missing transition.");

    public static readonly DiagnosticDescriptor DeadEndState = Create(
        DiagnosticIds.DeadEndState, Flow, DiagnosticSeverity.Warning,
        "Non-final state has no way out",
        "State {0} of saga '{1}' is not [Final] but no handler runs in it, so an instance that enters it waits forever. Add a handler with [When({2})], or mark it [Final].",
        "Every state that is not final needs at least one handler that runs in it; otherwise the instance is stuck.");

    public static readonly DiagnosticDescriptor NoFinalState = Create(
        DiagnosticIds.NoFinalState, Flow, DiagnosticSeverity.Warning,
        "Saga has no final state",
        "Saga '{0}' declares no [Final] state, so its instances never finish. Mark the states that end the process [Final].",
        "Final states end an instance: it accepts no more messages and its storage can be reclaimed.");

    public static readonly DiagnosticDescriptor CorrelationKeyMissing = Create(
        DiagnosticIds.CorrelationKeyMissing, Correlation, DiagnosticSeverity.Error,
        "Saga data has no correlation key",
        "Saga '{0}' has no correlation key: {1}",
        "The key identifies one instance: a property of the saga's data marked [CorrelationId], or, without the attribute, the property named after the saga (OrderSaga: OrderId). Every message the saga handles carries a property of the same name and type.");

    public static readonly DiagnosticDescriptor CorrelationKeyUnsupported = Create(
        DiagnosticIds.CorrelationKeyUnsupported, Correlation, DiagnosticSeverity.Error,
        "Correlation key has an unsupported type",
        "Correlation key '{0}' is a {1}, which cannot be a key. Use Guid, string, an integral type, or a strongly-typed id with a Value property of one of those.",
        "Keys are turned into strings for the store, the same way in every process: Guid, string, the integral types, and strongly-typed ids that wrap one of them in a property named Value.");

    public static readonly DiagnosticDescriptor MessageLacksCorrelation = Create(
        DiagnosticIds.MessageLacksCorrelation, Correlation, DiagnosticSeverity.Error,
        "Handled message does not carry the correlation key",
        "'{0}' has no property '{1}', so saga '{2}' cannot find the instance it belongs to. Add a property '{1}' of type {3} to the message.",
        "The router reads the key from each message the saga handles, from a property of the same name as the saga's key.");

    public static readonly DiagnosticDescriptor CorrelationTypeMismatch = Create(
        DiagnosticIds.CorrelationTypeMismatch, Correlation, DiagnosticSeverity.Error,
        "Message's correlation property has a different type than the key",
        "'{0}.{1}' is a {2} but the key of saga '{3}' is a {4}. Give both the same type.",
        "The same key must be read from every message, with the same type, or the same instance would get different keys.");

    public static readonly DiagnosticDescriptor SentMessageLacksKey = Create(
        DiagnosticIds.SentMessageLacksKey, Correlation, DiagnosticSeverity.Warning,
        "Sent message does not carry the saga's key",
        "Saga '{0}' sends '{1}', which has no '{2}' property of type {3}: a reply built from it could not find this saga. Add '{2}' to '{1}'.",
        "Round-trip correlation: a participant replies with the key it received. A command or event that a saga emits without its key breaks the round trip.");

    public static readonly DiagnosticDescriptor CompensationInvalid = Create(
        DiagnosticIds.CompensationInvalid, Compensation, DiagnosticSeverity.Error,
        "Compensation method is missing or cannot be called",
        "[CompensatedBy(\"{0}\")] on '{1}' {2}",
        "A compensation is an instance method of the same saga, taking an optional MessageContext and an optional CancellationToken, returning void, Task or ValueTask. Name it with nameof.");

    public static readonly DiagnosticDescriptor UncompensatedSideEffect = Create(
        DiagnosticIds.UncompensatedSideEffect, Compensation, DiagnosticSeverity.Warning,
        "Side-effecting step has no compensation",
        "Handler '{0}' sends a command in a saga that compensates, but declares no compensation: if a later step fails, its work is not undone. Add [CompensatedBy(nameof(...))].",
        "In a saga with a [Compensate] handler, each step that asks a participant to do something should say how to undo it.");

    public static readonly DiagnosticDescriptor CompensationFailedStateMissing = Create(
        DiagnosticIds.CompensationFailedStateMissing, Compensation, DiagnosticSeverity.Error,
        "Compensating handler has no usable failed state",
        "[Compensate] on '{0}' {1}",
        "A compensation that awaits its confirmation can fail for good: the saga then ends in the state [Compensate(FailedState = ...)] names, distinct from the state that means every step was undone. Declare a [Final] state such as Failed and name it.");

    public static readonly DiagnosticDescriptor ConfirmationInvalid = Create(
        DiagnosticIds.ConfirmationInvalid, Compensation, DiagnosticSeverity.Error,
        "Compensation's confirmation cannot reach the saga",
        "ConfirmedBy = typeof({0}) on '{1}' {2}",
        "The event that confirms a compensation is routed to the saga instance by its correlation key, like any handled message: it must be an [Event] (or [Command]) with a property named and typed like the key.");

    public static readonly DiagnosticDescriptor ParticipantMessageNotRegistered = Create(
        DiagnosticIds.ParticipantMessageNotRegistered, Messages, DiagnosticSeverity.Warning,
        "Participant handles a type that is not a registered message",
        "Participant '{0}' handles '{1}', which is not an [Event] or [Command]: it is not in the registry, so no message of it can be sent or received. Mark '{1}' [Event] or [Command].",
        "Messages travel by wire name; only [Event] and [Command] types have one. The generated registration of a participant leaves out the handlers of other types.");

    public static readonly DiagnosticDescriptor ParticipantNotRegistrable = Create(
        DiagnosticIds.ParticipantNotRegistrable, Structure, DiagnosticSeverity.Warning,
        "Participant cannot be registered by generated code",
        "[Participant] on '{0}' has no effect: {1}. Make it a concrete, non-generic, top-level public or internal class implementing IMessageHandler<TMessage>.",
        "The generator writes SagasBuilder.Add{ClassName}() for each [Participant], registering every IMessageHandler<TMessage> it implements; it must be able to name and construct the class.");

    public static readonly DiagnosticDescriptor WorkflowInvalid = Create(
        DiagnosticIds.WorkflowInvalid, Structure, DiagnosticSeverity.Error,
        "Workflow cannot be compiled",
        "Workflow '{0}' {1}",
        "A [Workflow] is a partial class deriving from Workflow<TData> whose data has a [CorrelationId]; one [StartedBy] method takes the starting event, and each [Step(n, Success = typeof(...))] method returns the command to send. Every event it waits for carries the key.");

    public static readonly DiagnosticDescriptor SentMessageNotRegistered = Create(
        DiagnosticIds.SentMessageNotRegistered, Messages, DiagnosticSeverity.Error,
        "Sent message is not a registered message",
        "'{0}' is {1} here but is not an [Event] or [Command], so no registry knows it and every delivery fails at run time with UnknownMessageTypeException. Mark '{0}' [Command] or [Event].",
        "Messages travel by wire name, and only [Event] and [Command] types have one. The generator registers every one that a saga, workflow or participant sends, publishes, schedules or cancels, wherever it is declared; a type without either attribute is in no registry.");

    public static readonly DiagnosticDescriptor TimeoutUnhandled = Create(
        DiagnosticIds.TimeoutUnhandled, Flow, DiagnosticSeverity.Warning,
        "Scheduled message has no handler in a state where it can arrive",
        "'{0}' is scheduled by '{1}' but can arrive in {2}. Handle it there, add [Ignore(typeof({0}), {3})], or cancel it with CancelScheduled<{0}>() on the way.",
        "A scheduled timeout arrives later, possibly after the saga moved on. Every state it can reach must handle or ignore it, or the handler that leaves must cancel it.");

    // Judged once every type is seen, in a compilation-end action: tagged so the IDE knows it needs a full analysis.
    public static readonly DiagnosticDescriptor DuplicateWireName = new(
        DiagnosticIds.DuplicateWireName,
        "Two messages share a wire name",
        "'{0}' and '{1}' both use the wire name '{2}'; a received message could not be told apart. Pin a distinct name with [Event(\"...\")] or [Command(\"...\")].",
        Messages,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        "The wire name identifies a message type on the wire and in stores; it must be unique. It is the type name unless the attribute pins one, so two types of the same name in different namespaces clash too.",
        HelpLink(DiagnosticIds.DuplicateWireName),
        WellKnownDiagnosticTags.CompilationEnd);

    // Judged over every registry composed here, in a compilation action.
    public static readonly DiagnosticDescriptor ComposedWireNameClash = new(
        DiagnosticIds.ComposedWireNameClash,
        "Messages of composed projects share a wire name",
        "'{0}' (registered by {1}) and '{2}' (registered by {3}) both use the wire name '{4}' in the registry composed here, so a received '{4}' is always read as one of them. Pin a distinct name on one with [Event(\"...\")] or [Command(\"...\")].",
        Messages,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        "A project's registry composes those of the projects it references; a wire name must identify one type across all of them. It is the type name unless the attribute pins one, so two OrderPlaced events of different projects clash.",
        HelpLink(DiagnosticIds.ComposedWireNameClash),
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor MessageNotHandledInState = Create(
        DiagnosticIds.MessageNotHandledInState, Flow, DiagnosticSeverity.Info,
        "Message can arrive in a state that neither handles nor ignores it",
        "Saga '{0}' handles '{1}' but not in state {2}, where it can arrive; there it is unexpected (policy: {3}). Handle it, or declare [Ignore(typeof({1}), {4})].",
        "Raise this rule to a warning or an error in .editorconfig to make every (state, message) pair explicit.");

    public static readonly DiagnosticDescriptor IgnoreConflictsWithHandler = Create(
        DiagnosticIds.IgnoreConflictsWithHandler, Flow, DiagnosticSeverity.Warning,
        "Ignored message is also handled",
        "Saga '{0}' ignores '{1}' in state {2}, where handler '{3}' handles it; the handler wins. Remove the state from [Ignore].",
        "An [Ignore] that a handler contradicts is dead and misleading.");

    public static readonly DiagnosticDescriptor FinalStateLeft = Create(
        DiagnosticIds.FinalStateLeft, Flow, DiagnosticSeverity.Error,
        "Handler leads out of a final state",
        "Handler '{0}' runs in final state {1} but {2}; a finished instance stays finished. [Then] a [Final] state ({3} to stay there), or remove {1} from [When].",
        "A handler may run in a [Final] state, for a late message such as a reply that came after its timeout, but the instance has finished: "
            + "its compensations and timeouts are over, and on Redis it is already set to expire after CompletedRetention. Such a handler must lead to a [Final] state and cannot be [Compensate].");

    public static readonly DiagnosticDescriptor HandlerInFinishedState = Create(
        DiagnosticIds.HandlerInFinishedState, Flow, DiagnosticSeverity.Warning,
        "Handler runs in a state where every instance has finished",
        "Handler '{0}' runs in state {1}, but every handler that enters {1} calls context.Complete(), so an instance there has finished and runs only the handlers of [Final] states: this one never runs. Mark {1} [Final] to run it in finished instances, or remove {1} from [When].",
        "A finished instance (a [Final] state, or context.Complete()) runs only the handlers of its [Final] state. A state that instances enter only while completing is final in all but name.");

    public static readonly DiagnosticDescriptor MessageGeneric = Create(
        DiagnosticIds.MessageGeneric, Messages, DiagnosticSeverity.Error,
        "Message type is generic",
        "Message '{0}' is generic{1}: a wire name stands for one closed type, so it cannot be registered, sent or handled. Declare a non-generic type for each payload, such as a record per message.",
        "The registry maps each wire name to one type that it deserializes; an open generic type is no such type, and generated code could not name it. The generator leaves it out of the registry.");

    public static readonly DiagnosticDescriptor StartWithWhen = Create(
        DiagnosticIds.StartWithWhen, Flow, DiagnosticSeverity.Warning,
        "[StartedBy] handler also has [When]",
        "Handler '{0}' is [StartedBy], so it runs only when '{1}' finds no instance: its [When] is ignored by dispatch, though the diagram draws it. Remove [When], or handle '{1}' in those states with a separate handler marked [When(...), Then(...)].",
        "A [StartedBy] handler creates the instance: the engine runs it only for a message whose key has no instance yet. A [When] on it names states it never runs in, yet the generated diagrams draw those transitions.");

    public static readonly DiagnosticDescriptor DataMemberLost = Create(
        DiagnosticIds.DataMemberLost, Structure, DiagnosticSeverity.Warning,
        "Saga data member does not survive the JSON round trip",
        "'{0}.{1}' {2}: '{3}' saves its data as JSON (System.Text.Json, default options) and reads it back before each message, so this value is lost between steps. {4}.",
        "A saga's or workflow's data is stored as JSON between messages. With the default options System.Text.Json writes public properties with a public getter, reads back only those with a public set or init accessor, and skips fields and non-public members unless they are marked [JsonInclude]. A get-only property computed from others holds no state and is not reported.");

    public static readonly DiagnosticDescriptor UpcasterMissing = Create(
        DiagnosticIds.UpcasterMissing, Messages, DiagnosticSeverity.Error,
        "Versioned message has no upcaster from an earlier version",
        "Message '{0}' is version {1} but has no upcaster from version {2}, so a version {2} message still in a stream, an outbox or a schedule cannot be read after the deploy. Add to '{0}' a method '[UpcastFrom({2})] public static {3} FromV{2}({0}V{2} old)', where '{0}V{2}' is a record of the version {2} shape.",
        "A message type of version N reads messages of every version from 1 to N: each earlier version needs an upcaster, a static method of the type marked [UpcastFrom(version)] that takes that version's shape and returns the next one's. The generated registry chains them.");

    public static readonly DiagnosticDescriptor UpcasterInvalid = Create(
        DiagnosticIds.UpcasterInvalid, Messages, DiagnosticSeverity.Error,
        "Upcaster cannot be chained",
        "Upcaster '{0}' {1}",
        "An upcaster is a static method of an [Event] or [Command] type, marked [UpcastFrom(version)] with a version from 1 to below the type's Version, that takes the old shape as its one parameter and returns the next version's shape: the parameter type of the upcaster from the next version, or the message type itself from the version before the current one. On a public message type the upcaster and its parameter type are public too: a project that references this one and handles the type reads it with its own generated registry, which calls the upcasters.");

    public static readonly DiagnosticDescriptor VersionBelowOne = Create(
        DiagnosticIds.VersionBelowOne, Messages, DiagnosticSeverity.Error,
        "Message version is below 1",
        "Message '{0}' has Version = {1}, but versions start at 1: remove Version if this is the type's first shape, or set it to the version the type has reached, one above the last version its [UpcastFrom] methods read",
        "A message type's Version counts the shapes of its JSON from 1, the default; the envelope carries it, and the generated registry reads every version from 1 up to it through the type's upcasters. A version of 0 or below names no shape a message was written in, and no chain of upcasters leads to it.");

    // Judged per contract, and once every type is seen for a baseline entry no code answers to: tagged for that end.
    public static readonly DiagnosticDescriptor ContractBroken = new(
        DiagnosticIds.ContractBroken,
        "Change breaks the contract baseline",
        "Contract '{0}' {1}",
        Messages,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        "sagas.contracts.txt holds the message contracts and saga data that messages in flight and live instances depend on. A message may change its members only with a raised Version and an upcaster; its wire name never. A saga keeps its stored name, key, states and data members. Additions are not breaks: the build adds them to the baseline.",
        HelpLink(DiagnosticIds.ContractBroken),
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor ContractBaselineUnreadable = new(
        DiagnosticIds.ContractBaselineUnreadable,
        "Contract baseline cannot be read",
        "sagas.contracts.txt cannot be read, so no contract is checked against it: {0}. Fix the line (a merge may have left it), or delete the file and build to write it anew.",
        Messages,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        "The contract baseline is written by the build; each block starts with 'event <wire name> v<version> <type>', 'command ...' or 'saga <name>', and its indented lines are members ('<name>: <type>') or a saga's 'data', 'key' and 'states'.",
        HelpLink(DiagnosticIds.ContractBaselineUnreadable),
        WellKnownDiagnosticTags.CompilationEnd);

    private static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity, string title, string message, string description) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description, HelpLink(id));

    // Each rule is documented in the README's diagnostics table, one anchor per lower-case ID.
    private static string HelpLink(string id) =>
        "https://github.com/sagas-dotnet/sagas/blob/main/README.md#" + id.ToLowerInvariant();
}
