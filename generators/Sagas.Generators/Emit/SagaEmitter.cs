using System.Linq;
using Sagas.Generators.Model;

namespace Sagas.Generators.Emit;

/// <summary>
/// Writes one saga's generated half: a nested <c>SagaDefinition</c> whose <c>DispatchAsync</c> is a
/// switch over (message type, state) calling the user's handlers directly, plus the state names and
/// the compensation of completed steps in reverse order.
/// </summary>
internal static class SagaEmitter
{
    private const string Ct = "cancellationToken";

    public static string Emit(SagaSpec saga)
    {
        var compensates = saga.Handlers.Any(h => h.Compensates);
        var isAsync = saga.Handlers.Any(h => h.Call.IsAsync) || (compensates && HasAsyncCompensation(saga));
        var w = new SourceWriter().FileHeader();
        if (saga.Namespace.Length > 0)
        {
            w.Open($"namespace {saga.Namespace}");
        }

        w.Open($"partial class {saga.ClassName}");
        w.Line($"/// <summary>The generated state machine of <see cref=\"{saga.ClassName}\"/>, as the saga engine runs it.</summary>");
        w.Line(Generated.CodeAttribute);
        w.Open("public sealed class SagaDefinition : global::Sagas.ISagaDefinition");
        w.Line("/// <summary>The one instance the router uses.</summary>");
        w.Line("public static readonly SagaDefinition Instance = new();");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public string Name => {Generated.Literal(saga.MetadataName)};");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public global::Sagas.UnexpectedMessagePolicy UnexpectedMessages => global::Sagas.UnexpectedMessagePolicy.{saga.UnexpectedPolicy};");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public global::Sagas.SagaDescription Description => s_description;");
        w.Line();
        EmitDescription(w, saga);
        EmitDataCopy(w, saga);
        EmitDispatch(w, saga, isAsync);
        if (compensates)
        {
            EmitCompensate(w, saga);
            EmitUndo(w, saga);
        }

        if (saga.AwaitsConfirmations)
        {
            EmitContinueCompensation(w, saga);
        }

        EmitStateNames(w, saga);
        w.Close();
        w.Close();
        if (saga.Namespace.Length > 0)
        {
            w.Close();
        }

        return w.ToString();
    }

    private static void EmitDataCopy(SourceWriter w, SagaSpec saga)
    {
        if (!saga.CopiesData)
        {
            return;
        }

        var members = string.Join(", ", saga.DataCopy.Select(m => $"{m} = data.{m}"));
        w.Line("// Every member JSON saves is immutable: a copy equals a JSON round trip, and costs none.");
        w.Line($"private static readonly global::System.Func<{saga.DataType}, {saga.DataType}> s_copyData = static data => new {saga.DataType} {{ {members} }};");
        w.Line();
    }

    private static void EmitDispatch(SourceWriter w, SagaSpec saga, bool isAsync)
    {
        var awaitCompensation = HasAsyncCompensation(saga) ? "await " : "";
        w.Line("/// <inheritdoc/>");
        w.Open($"public {(isAsync ? "async " : "")}global::System.Threading.Tasks.ValueTask<global::Sagas.SagaStep> DispatchAsync("
            + "global::Sagas.SagaSnapshot? current, object message, global::Sagas.MessageContext context, "
            + $"global::System.Text.Json.JsonSerializerOptions json, global::System.Threading.CancellationToken {Ct})");
        w.Line($"var saga = new {saga.ClassName}();");
        w.Open("if (current is not null)");
        w.Line($"saga.Data = global::Sagas.SagaDocument.Read<{saga.DataType}>(current.Data, saga.Compensation, json);");
        if (saga.AwaitsConfirmations)
        {
            // Mid-compensation the instance is in no state of its enum: it awaits a confirmation.
            w.Open("if (saga.Compensation.IsRunning)");
            w.Line(Return(isAsync, $"{awaitCompensation}ContinueCompensation{Suffix(saga)}(saga, current, message, context, json, {Ct})"));
            w.Close();
            w.Line();
        }

        w.Line("saga.CurrentState = ParseState(current.State);");
        w.Close();
        w.Line();
        w.Open("switch (message)");
        foreach (var handler in saga.Handlers)
        {
            var guard = handler.IsStart ? "current is null" : RunsIn(saga, handler.FromStates);
            w.Line($"case {handler.Message.TypeName} m when {guard}:");
            w.Indent();
            w.Line(Invoke("saga", handler.Call, "m") + ";");
            if (handler.Compensation is not null)
            {
                // The step is done: remember it, so a later failure can undo it.
                w.Line($"saga.Compensation.StepCompleted({Generated.Literal(handler.Message.WireName)});");
            }

            if (handler.Compensates)
            {
                // The [Then] state is entered once every compensation is done (Compensate sets it).
                w.Line($"saga.Compensation.Begin({Generated.Literal(handler.ToState)}, {(handler.FailedState is null ? "null" : Generated.Literal(handler.FailedState))});");
                w.Line(Return(isAsync, $"{awaitCompensation}Compensate{Suffix(saga)}(saga, current?.State, context, json, {Ct})"));
            }
            else
            {
                w.Line($"saga.CurrentState = {saga.StateType}.{handler.ToState};");
                w.Line("break;");
            }

            w.Outdent();
        }

        foreach (var ignore in saga.Ignores)
        {
            w.Line($"case {ignore.Message.TypeName} when current is not null && {InStates(saga, ignore.States)}:");
            w.Indent().Line(Return(isAsync, "global::Sagas.SagaStep.Ignored(current.State)")).Outdent();
        }

        if (saga.AwaitsConfirmations)
        {
            // After the compensation ended: the timeout of an attempt that was confirmed, and a
            // second confirmation, the reply to an attempt sent again because the first was slow.
            w.Line("case global::Sagas.CompensationTimedOut when current is not null:");
            w.Indent().Line(Return(isAsync, "global::Sagas.SagaStep.Ignored(current.State)")).Outdent();
            foreach (var handler in CompensatedSteps(saga).Where(h => h.Confirmation is not null))
            {
                w.Line($"case {handler.Confirmation!.Message.TypeName} when current is not null && saga.Compensation.WasUndone({Generated.Literal(handler.Message.WireName)}):");
                w.Indent().Line(Return(isAsync, "global::Sagas.SagaStep.Ignored(current.State)")).Outdent();
            }
        }

        w.Line("default:");
        w.Indent();
        w.Line(Return(isAsync, "current is null ? global::Sagas.SagaStep.NotStarted() : global::Sagas.SagaStep.Unexpected(current.State)"));
        w.Outdent();
        w.Close();
        w.Line();
        w.Line(Return(isAsync, $"global::Sagas.SagaStep.Transitioned(current?.State, StateName(saga.CurrentState), {Document(saga)}, IsFinal(saga.CurrentState) || context.IsCompleted)"));
        w.Close();
        w.Line();
    }

    // Compensations run one at a time, newest first: each undoes a step that later steps may have
    // built on. One that awaits a confirmation ends the handling; the confirmation resumes here.
    private static void EmitCompensate(SourceWriter w, SagaSpec saga)
    {
        var isAsync = HasAsyncCompensation(saga);
        w.Open($"private static {StepType(isAsync)} Compensate{Suffix(saga)}({saga.ClassName} saga, string? fromState, global::Sagas.MessageContext context, "
            + $"global::System.Text.Json.JsonSerializerOptions json, global::System.Threading.CancellationToken {Ct})");
        w.Open("while (saga.Compensation.NextStep() is { } step)");
        w.Line("using var undoing = saga.Compensation.TraceUndo(context, Instance.Name);");
        w.Open($"if ({(isAsync ? "await " : "")}Undo{Suffix(saga)}(saga, step, context, {Ct}))");
        w.Line("saga.Compensation.AwaitConfirmation(context, Instance.Name);");
        w.Line($"return global::Sagas.SagaStep.Transitioned(fromState, global::Sagas.SagaCompensation.CompensatingState, {Document(saga)}, false){WithLog}");
        w.Close();
        w.Close();
        w.Line();
        w.Line("saga.CurrentState = ParseState(saga.Compensation.Finish());");
        w.Line($"return global::Sagas.SagaStep.Transitioned(fromState, StateName(saga.CurrentState), {Document(saga)}, IsFinal(saga.CurrentState) || context.IsCompleted){WithLog}");
        w.Close();
        w.Line();
    }

    // Runs the compensation of one completed step; true when it awaits a confirmation.
    private static void EmitUndo(SourceWriter w, SagaSpec saga)
    {
        var isAsync = HasAsyncCompensation(saga);
        var returnType = isAsync ? "async global::System.Threading.Tasks.ValueTask<bool>" : "bool";
        w.Open($"private static {returnType} Undo{Suffix(saga)}({saga.ClassName} saga, string step, global::Sagas.MessageContext context, "
            + $"global::System.Threading.CancellationToken {Ct})");
        w.Open("switch (step)");
        foreach (var handler in CompensatedSteps(saga))
        {
            w.Line($"case {Generated.Literal(handler.Message.WireName)}:");
            w.Indent().Line(Invoke("saga", handler.Compensation!, message: null) + ";").Line($"return {(handler.Confirmation is null ? "false" : "true")};").Outdent();
        }

        w.Line("default:");
        w.Indent().Line("throw new global::System.InvalidOperationException(")
            .Line($"    {Generated.Literal(saga.ClassName + " has no compensation for completed step '")} + step + \"'. "
                + "A step that declared [CompensatedBy] was renamed or removed while instances were running: keep its compensation until they finish.\");")
            .Outdent();
        w.Close();
        w.Close();
        w.Line();
    }

    // Mid-compensation, only the awaited confirmation and the attempt's timeout move the instance.
    private static void EmitContinueCompensation(SourceWriter w, SagaSpec saga)
    {
        var isAsync = HasAsyncCompensation(saga);
        var awaitIt = isAsync ? "await " : "";
        w.Open($"private static {StepType(isAsync)} ContinueCompensation{Suffix(saga)}({saga.ClassName} saga, global::Sagas.SagaSnapshot current, object message, "
            + $"global::Sagas.MessageContext context, global::System.Text.Json.JsonSerializerOptions json, global::System.Threading.CancellationToken {Ct})");
        w.Open("switch (message)");
        foreach (var handler in CompensatedSteps(saga).Where(h => h.Confirmation is not null))
        {
            var step = Generated.Literal(handler.Message.WireName);
            w.Line($"case {handler.Confirmation!.Message.TypeName} when saga.Compensation.IsUndoing({step}):");
            w.Indent();

            // Confirmed in time: the attempt's timeout must not linger in the schedule (the next step's is scheduled after).
            w.Line("context.CancelScheduled<global::Sagas.CompensationTimedOut>();");
            w.Line($"return {awaitIt}Compensate{Suffix(saga)}(saga, current.State, context, json, {Ct});").Outdent();
            w.Line($"case {handler.Confirmation.Message.TypeName} when saga.Compensation.WasUndone({step}):");
            w.Indent().Line("return global::Sagas.SagaStep.Ignored(current.State);").Outdent();
        }

        foreach (var ignore in saga.Ignores)
        {
            // Compensating is the way to the target state: what the saga ignores there, it ignores on the way.
            w.Line($"case {ignore.Message.TypeName} when saga.Compensation.IsHeadingTo({string.Join(", ", ignore.States.Select(Generated.Literal))}):");
            w.Indent().Line("return global::Sagas.SagaStep.Ignored(current.State);").Outdent();
        }

        w.Line("case global::Sagas.CompensationTimedOut timeout:");
        w.Indent();
        w.Open("switch (saga.Compensation.TimedOut(timeout, context))");
        w.Line("case global::Sagas.SagaCompensation.TimeoutOutcome.Retry:");
        w.Indent();
        w.Open("using (saga.Compensation.TraceUndo(context, Instance.Name))");
        w.Line($"{awaitIt}Undo{Suffix(saga)}(saga, timeout.Step, context, {Ct});");
        w.Close();
        w.Line("saga.Compensation.AwaitConfirmation(context, Instance.Name);")
            .Line($"return global::Sagas.SagaStep.Transitioned(current.State, current.State, {Document(saga)}, false){WithLog}")
            .Outdent();
        w.Line("case global::Sagas.SagaCompensation.TimeoutOutcome.GiveUp:");
        w.Indent()
            .Line("var (failedStep, failedState) = saga.Compensation.Fail();")
            .Line("saga.CurrentState = ParseState(failedState);")
            .Line($"return global::Sagas.SagaStep.Transitioned(current.State, failedState, {Document(saga)}, IsFinal(saga.CurrentState)) with {{ FailedCompensation = failedStep, Compensation = saga.Compensation }};")
            .Outdent();
        w.Line("default:");
        w.Indent().Line("return global::Sagas.SagaStep.Ignored(current.State);").Outdent();
        w.Close();
        w.Outdent();
        w.Line("default:");
        w.Indent().Line("return global::Sagas.SagaStep.Unexpected(current.State);").Outdent();
        w.Close();
        w.Close();
        w.Line();
    }

    private static void EmitStateNames(SourceWriter w, SagaSpec saga)
    {
        // Names, not numbers, are stored: reordering the enum must not change saved instances.
        w.Open($"private static string StateName({saga.StateType} state) => state switch");
        foreach (var state in saga.States)
        {
            w.Line($"{saga.StateType}.{state.Name} => {Generated.Literal(state.Name)},");
        }

        w.Line($"_ => throw new global::System.ArgumentOutOfRangeException(nameof(state), state, {Generated.Literal("Not a declared state of " + saga.ClassName + ".")}),");
        w.Close(";");
        w.Line();
        w.Open($"private static {saga.StateType} ParseState(string state) => state switch");
        foreach (var state in saga.States)
        {
            w.Line($"{Generated.Literal(state.Name)} => {saga.StateType}.{state.Name},");
        }

        w.Line($"_ => throw new global::System.InvalidOperationException({Generated.Literal("A saved " + saga.ClassName + " is in state '")} + state + "
            + "\"', which the state enum no longer declares. Keep removed states until no saved instance is in them.\"),");
        w.Close(";");
        w.Line();
        var finals = saga.States.Where(s => s.IsFinal).Select(s => $"{saga.StateType}.{s.Name}").ToList();
        w.Line($"private static bool IsFinal({saga.StateType} state) => {(finals.Count == 0 ? "false" : "state is " + string.Join(" or ", finals))};");
    }

    private static void EmitDescription(SourceWriter w, SagaSpec saga)
    {
        static string List(System.Collections.Generic.IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

        w.Line("private static readonly global::Sagas.SagaDescription s_description = new(");
        w.Indent();
        w.Line(Generated.Literal(saga.MetadataName) + ",");
        w.Line(List(saga.States.Select(s => Generated.Literal(s.Name))) + ",");
        w.Line(List(saga.States.Where(s => s.IsFinal).Select(s => Generated.Literal(s.Name))) + ",");
        w.Line("[");
        w.Indent();
        foreach (var handler in saga.Handlers)
        {
            foreach (var from in handler.IsStart ? [null] : handler.FromStates.Select(f => (string?)f))
            {
                w.Line($"new({(from is null ? "null" : Generated.Literal(from))}, {Generated.Literal(handler.Message.WireName)}, {Generated.Literal(handler.ToState)}, "
                    + $"{(handler.Compensation is null ? "null" : Generated.Literal(handler.Compensation.Name))}, {(handler.Compensates ? "true" : "false")}"
                    + $"{(handler.Confirmation is null ? "" : ", " + Generated.Literal(handler.Confirmation.Message.WireName))}),");
            }
        }

        w.Outdent();
        w.Line("],");
        w.Line(List(saga.Ignores.SelectMany(i => i.States.Select(s => $"new({Generated.Literal(s)}, {Generated.Literal(i.Message.WireName)})"))) + ",");
        w.Line(Generated.Literal(Diagrams.Mermaid(saga)) + ",");
        w.Line(Generated.Literal(Diagrams.Dot(saga)) + ");");
        w.Outdent();
        w.Line();
    }

    // A finished instance (final state, or Complete()) runs only the handlers of its [Final] state:
    // a late reply to a finished saga can still be answered (a capture after its timeout, refunded).
    private static string RunsIn(SagaSpec saga, EquatableArray<string> states)
    {
        var finals = states.Where(s => saga.States.Any(f => f.IsFinal && f.Name == s)).ToEquatableArray();
        var live = states.Where(s => !finals.Contains(s)).ToEquatableArray();
        if (finals.Count == 0)
        {
            return "current is { IsFinal: false } && " + InStates(saga, live);
        }

        return live.Count == 0
            ? "current is not null && " + InStates(saga, finals)
            : $"current is not null && ((!current.IsFinal && {InStates(saga, live)}) || {InStates(saga, finals)})";
    }

    private static string InStates(SagaSpec saga, EquatableArray<string> states) =>
        "(" + string.Join(" || ", states.Select(s => $"saga.CurrentState == {saga.StateType}.{s}")) + ")";

    internal static string Invoke(string target, MethodCall call, string? message)
    {
        var arguments = call.Arguments.Select(a => a switch
        {
            ArgumentKind.Message => message!,
            ArgumentKind.Context => "context",
            _ => Ct,
        });
        return $"{(call.IsAsync ? "await " : "")}{target}.{call.Name}({string.Join(", ", arguments)})";
    }

    private static string Return(bool isAsync, string expression) =>
        isAsync ? $"return {expression};" : $"return new global::System.Threading.Tasks.ValueTask<global::Sagas.SagaStep>({expression});";

    private static bool HasAsyncCompensation(SagaSpec saga) => saga.Handlers.Any(h => h.Compensation?.IsAsync == true);

    // The data and compensation log to save; copied member by member when that equals JSON (DataCopy).
    // The engine logs, counts and traces what a compensation step did from the log it returns.
    private const string WithLog = " with { Compensation = saga.Compensation };";

    private static string Document(SagaSpec saga) =>
        $"global::Sagas.SagaDocument.Create(saga.Data, saga.Compensation, json{(saga.CopiesData ? ", s_copyData" : "")})";

    // The compensation helpers are named ...Async only when they return a ValueTask.
    private static string Suffix(SagaSpec saga) => HasAsyncCompensation(saga) ? "Async" : "";

    private static string StepType(bool isAsync) =>
        isAsync ? "async global::System.Threading.Tasks.ValueTask<global::Sagas.SagaStep>" : "global::Sagas.SagaStep";

    // One compensation per step message, even when several handlers of that message declare one.
    private static System.Collections.Generic.IEnumerable<HandlerSpec> CompensatedSteps(SagaSpec saga) =>
        saga.Handlers.Where(h => h.Compensation is not null).GroupBy(h => h.Message.WireName).Select(g => g.First());
}
