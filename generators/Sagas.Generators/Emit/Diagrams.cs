using System.Linq;
using System.Text;
using Sagas.Generators.Model;

namespace Sagas.Generators.Emit;

/// <summary>
/// Draws a saga's state machine as Mermaid and Graphviz DOT text, at compile time, so that a
/// change of the flow shows up as a diff in code review.
/// </summary>
internal static class Diagrams
{
    public static string Mermaid(SagaSpec saga)
    {
        var text = new StringBuilder("stateDiagram-v2\n");
        foreach (var handler in saga.Handlers)
        {
            var label = handler.Message.WireName + Notes(handler);
            if (handler.IsStart)
            {
                text.Append($"    [*] --> {handler.ToState} : {label}\n");
            }

            foreach (var from in handler.FromStates)
            {
                text.Append($"    {from} --> {handler.ToState} : {label}\n");
                if (handler.FailedState is { } failed)
                {
                    text.Append($"    {from} --> {failed} : {handler.Message.WireName} / compensation failed\n");
                }
            }
        }

        foreach (var state in saga.States.Where(s => s.IsFinal))
        {
            text.Append($"    {state.Name} --> [*]\n");
        }

        return text.ToString();
    }

    public static string Dot(SagaSpec saga)
    {
        var text = new StringBuilder($"digraph \"{saga.ClassName}\" {{\n    rankdir=LR;\n    start [shape=point];\n");
        foreach (var state in saga.States)
        {
            text.Append($"    \"{state.Name}\" [shape={(state.IsFinal ? "doublecircle" : "ellipse")}];\n");
        }

        foreach (var handler in saga.Handlers)
        {
            var label = $"[label=\"{handler.Message.WireName}{Notes(handler)}\"]";
            if (handler.IsStart)
            {
                text.Append($"    start -> \"{handler.ToState}\" {label};\n");
            }

            foreach (var from in handler.FromStates)
            {
                text.Append($"    \"{from}\" -> \"{handler.ToState}\" {label};\n");
                if (handler.FailedState is { } failed)
                {
                    text.Append($"    \"{from}\" -> \"{failed}\" [label=\"{handler.Message.WireName} / compensation failed\"];\n");
                }
            }
        }

        return text.Append("}\n").ToString();
    }

    private static string Notes(HandlerSpec handler) =>
        (handler.Compensation is null ? "" : $" / undo: {handler.Compensation.Name}{(handler.Confirmation is null ? "" : " until " + handler.Confirmation.Message.WireName)}")
        + (handler.Compensates ? " / compensate" : "");
}
