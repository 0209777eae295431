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
        var isAsync = saga.Handlers.Any(h => h.Call.IsAsync || (h.Compensates && HasAsyncCompensation(saga)));
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
        EmitDispatch(w, saga, isAsync);
        if (saga.Handlers.Any(h => h.Compensates))
        {
            EmitCompensate(w, saga);
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

    private static void EmitDispatch(SourceWriter w, SagaSpec saga, bool isAsync)
    {
        w.Line("/// <inheritdoc/>");
        w.Open($"public {(isAsync ? "async " : "")}global::System.Threading.Tasks.ValueTask<global::Sagas.SagaStep> DispatchAsync("
            + "global::Sagas.SagaSnapshot? current, object message, global::Sagas.MessageContext context, "
            + $"global::System.Text.Json.JsonSerializerOptions json, global::System.Threading.CancellationToken {Ct})");
        w.Line($"var saga = new {saga.ClassName}();");
        w.Open("if (current is not null)");
        w.Line("saga.CurrentState = ParseState(current.State);");
        w.Line($"saga.Data = global::Sagas.SagaDocument.Read<{saga.DataType}>(current.Data, saga.CompensableSteps, json);");
        w.Close();
        w.Line();
        w.Open("switch (message)");
        foreach (var handler in saga.Handlers)
        {
            // A finished instance (final state, or Complete()) runs no handler.
            var guard = handler.IsStart ? "current is null" : "current is { IsFinal: false } && " + InStates(saga, handler.FromStates);
            w.Line($"case {handler.Message.TypeName} m when {guard}:");
            w.Indent();
            w.Line(Invoke("saga", handler.Call, "m") + ";");
            if (handler.Compensation is not null)
            {
                // The step is done: remember it, so a later failure can undo it.
                w.Line($"saga.CompensableSteps.Add({Generated.Literal(handler.Message.WireName)});");
            }

            if (handler.Compensates)
            {
                w.Line($"{(HasAsyncCompensation(saga) ? "await " : "")}CompensateCompletedSteps(saga, context, {Ct});");
            }

            w.Line($"saga.CurrentState = {saga.StateType}.{handler.ToState};");
            w.Line("break;");
            w.Outdent();
        }

        foreach (var ignore in saga.Ignores)
        {
            w.Line($"case {ignore.Message.TypeName} when current is not null && {InStates(saga, ignore.States)}:");
            w.Indent().Line(Return(isAsync, "global::Sagas.SagaStep.Ignored(current.State)")).Outdent();
        }

        w.Line("default:");
        w.Indent();
        w.Line(Return(isAsync, "current is null ? global::Sagas.SagaStep.NotStarted() : global::Sagas.SagaStep.Unexpected(current.State)"));
        w.Outdent();
        w.Close();
        w.Line();
        w.Line(Return(isAsync, "global::Sagas.SagaStep.Transitioned(current?.State, StateName(saga.CurrentState), "
            + "global::Sagas.SagaDocument.Write(saga.Data, saga.CompensableSteps, json), IsFinal(saga.CurrentState) || context.IsCompleted)"));
        w.Close();
        w.Line();
    }

    // Compensations run newest first: each undoes a step that later steps may have built on.
    private static void EmitCompensate(SourceWriter w, SagaSpec saga)
    {
        var isAsync = HasAsyncCompensation(saga);
        var returnType = isAsync ? "async global::System.Threading.Tasks.ValueTask" : "void";
        w.Open($"private static {returnType} CompensateCompletedSteps({saga.ClassName} saga, global::Sagas.MessageContext context, "
            + $"global::System.Threading.CancellationToken {Ct})");
        if (!saga.Handlers.Any(h => h.Compensation is not null))
        {
            // No step declares a compensation: there is nothing to undo.
            w.Line("saga.CompensableSteps.Clear();");
            w.Close();
            w.Line();
            return;
        }

        w.Open("for (var i = saga.CompensableSteps.Count - 1; i >= 0; i--)");
        w.Open("switch (saga.CompensableSteps[i])");
        foreach (var handler in saga.Handlers.Where(h => h.Compensation is not null).GroupBy(h => h.Message.WireName).Select(g => g.First()))
        {
            w.Line($"case {Generated.Literal(handler.Message.WireName)}:");
            w.Indent().Line(Invoke("saga", handler.Compensation!, message: null) + ";").Line("break;").Outdent();
        }

        w.Line("default:");
        w.Indent().Line("throw new global::System.InvalidOperationException(")
            .Line($"    {Generated.Literal(saga.ClassName + " has no compensation for completed step '")} + saga.CompensableSteps[i] + \"'. "
                + "A step that declared [CompensatedBy] was renamed or removed while instances were running: keep its compensation until they finish.\");")
            .Outdent();
        w.Close();
        w.Close();
        w.Line();
        w.Line("saga.CompensableSteps.Clear();");
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
                    + $"{(handler.Compensation is null ? "null" : Generated.Literal(handler.Compensation.Name))}, {(handler.Compensates ? "true" : "false")}),");
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

    private static string InStates(SagaSpec saga, EquatableArray<string> states) =>
        "(" + string.Join(" || ", states.Select(s => $"saga.CurrentState == {saga.StateType}.{s}")) + ")";

    private static string Invoke(string target, MethodCall call, string? message)
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
}
