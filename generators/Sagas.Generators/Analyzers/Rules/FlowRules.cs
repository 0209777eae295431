using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>
/// SAGA005, SAGA009, SAGA010, SAGA011, SAGA012, SAGA023: the state machine the handlers declare.
/// What can arrive where (SAGA020, SAGA022) is in <see cref="ArrivalRules"/>.
/// </summary>
internal static class FlowRules
{
    public static IEnumerable<Diagnostic> Check(SagaModel model)
    {
        // Without Saga<TState, TData> there is no state machine; SAGA004 says so.
        if (!model.DerivesFromSaga)
        {
            return [];
        }

        var graph = new StateGraph(model);
        var diagnostics = new List<Diagnostic>();
        var saga = model.Symbol.Name;
        if (!model.Handlers.Any(h => h.IsStart))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SagaHasNoStart, model.NameLocation, saga));
        }

        // context.Complete() ends an instance too: a saga may finish that way alone.
        if (!model.States.Any(s => s.IsFinal) && !model.Handlers.Any(h => h.Completes))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.NoFinalState, model.NameLocation, saga));
        }

        diagnostics.AddRange(Duplicates(model));
        diagnostics.AddRange(IgnoreConflicts(model, graph));

        // Reachability is only as good as the graph: with a handler SAGA008 reports, or without a
        // start (SAGA005), every state would look unreachable.
        if (graph.IsComplete && graph.Starts.Count > 0)
        {
            diagnostics.AddRange(StateProblems(model, graph));
            diagnostics.AddRange(ArrivalRules.Check(model, graph));
        }

        return diagnostics;
    }

    private static IEnumerable<Diagnostic> StateProblems(SagaModel model, StateGraph graph)
    {
        foreach (var state in model.States)
        {
            if (!graph.Reachable.Contains(state.Name))
            {
                yield return Diagnostic.Create(DiagnosticDescriptors.UnreachableState, state.Location, state.Name, model.Symbol.Name);
            }
            else if (!state.IsFinal && !graph.RunningIn(state.Name).Any() && !FinishedStateRules.EnteredOnlyToComplete(model, state.Name))
            {
                yield return Diagnostic.Create(DiagnosticDescriptors.DeadEndState, state.Location, state.Name, model.Symbol.Name,
                    RuleText.State(model, state.Name));
            }
        }
    }

    // Each later handler is reported once, against the first earlier one it collides with.
    private static IEnumerable<Diagnostic> Duplicates(SagaModel model)
    {
        var handlers = model.Handlers.Where(h => h.MessageType is not null).ToList();
        for (var later = 1; later < handlers.Count; later++)
        {
            var second = handlers[later];
            foreach (var first in handlers.Take(later).Where(h => StateGraph.Same(h.MessageType, second.MessageType)))
            {
                if (Collision(first, second) is { } where)
                {
                    yield return Diagnostic.Create(DiagnosticDescriptors.DuplicateHandler, second.Location,
                        RuleText.Handler(first), RuleText.Handler(second), RuleText.Type(second.MessageType!), where);
                    break;
                }
            }
        }
    }

    // Where two handlers of one message both run: when no instance exists (both [StartedBy]), or in a shared state.
    private static string? Collision(HandlerModel first, HandlerModel second)
    {
        if (first.IsStart || second.IsStart)
        {
            return first.IsStart && second.IsStart ? "to start the saga" : null;
        }

        var shared = second.FromStates.FirstOrDefault(s => s.Name is not null && first.FromStates.Any(f => f.Name == s.Name));
        return shared is null ? null : "in state " + shared.Name;
    }

    private static IEnumerable<Diagnostic> IgnoreConflicts(SagaModel model, StateGraph graph)
    {
        foreach (var ignore in model.Ignores.Where(i => i.MessageType is not null))
        {
            foreach (var state in ignore.States.Select(s => s.Name).OfType<string>().Distinct())
            {
                if (graph.HandlerOf(state, ignore.MessageType!) is { } handler)
                {
                    yield return Diagnostic.Create(DiagnosticDescriptors.IgnoreConflictsWithHandler, ignore.Location,
                        model.Symbol.Name, RuleText.Type(ignore.MessageType!), state, RuleText.Handler(handler));
                }
            }
        }
    }
}
