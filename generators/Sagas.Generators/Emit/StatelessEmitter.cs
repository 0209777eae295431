using System.Linq;
using Sagas.Generators.Model;

namespace Sagas.Generators.Emit;

/// <summary>
/// Writes, for a project that references Stateless, each saga's <c>CreateStateMachine</c>: the same
/// transitions and ignored messages as its dispatch, as a <c>Stateless.StateMachine</c> whose triggers
/// are the message types, for Stateless's <c>PermittedTriggers</c>, <c>CanFire</c> and graph export.
/// </summary>
internal static class StatelessEmitter
{
    /// <summary>The metadata name whose presence in the compilation turns the bridge on.</summary>
    public const string StateMachineType = "Stateless.StateMachine`2";

    public static string Emit(SagaSpec saga)
    {
        var machine = $"global::Stateless.StateMachine<{saga.StateType}, global::System.Type>";
        var w = new SourceWriter().FileHeader();
        if (saga.Namespace.Length > 0)
        {
            w.Open($"namespace {saga.Namespace}");
        }

        w.Open($"partial class {saga.ClassName}");
        w.Line("/// <summary>");
        w.Line("/// This saga's transitions and ignored messages as a Stateless state machine starting in");
        w.Line("/// <paramref name=\"state\"/>, its triggers the message types: what the saga accepts in each state,");
        w.Line("/// for <c>PermittedTriggers</c>, <c>CanFire</c> and Stateless's graph export. It does not run the");
        w.Line("/// saga's handlers, and the message that starts the saga is no transition between its states.");
        w.Line("/// A step that compensates goes to the state the compensation ends in.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"state\">The state the machine starts in.</param>");
        w.Line("/// <returns>A new machine; each call builds one.</returns>");
        w.Line(Generated.CodeAttribute);
        w.Open($"public static {machine} CreateStateMachine({saga.StateType} state)");
        w.Line($"var machine = new {machine}(state);");
        foreach (var state in saga.States)
        {
            var permits = saga.Handlers
                .Where(h => !h.IsStart && h.FromStates.Contains(state.Name))
                .Select(h => h.ToState == state.Name
                    ? $".PermitReentry(typeof({h.Message.TypeName}))"
                    : $".Permit(typeof({h.Message.TypeName}), {saga.StateType}.{h.ToState})");
            var ignores = saga.Ignores
                .Where(i => i.States.Contains(state.Name))
                .Select(i => $".Ignore(typeof({i.Message.TypeName}))");
            var calls = permits.Concat(ignores).ToList();
            if (calls.Count == 0)
            {
                continue;
            }

            w.Line($"machine.Configure({saga.StateType}.{state.Name})");
            w.Indent();
            for (var i = 0; i < calls.Count; i++)
            {
                w.Line(calls[i] + (i == calls.Count - 1 ? ";" : ""));
            }

            w.Outdent();
        }

        w.Line("return machine;");
        w.Close();
        w.Close();
        if (saga.Namespace.Length > 0)
        {
            w.Close();
        }

        return w.ToString();
    }
}
