using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>
/// SAGA020 and SAGA022: messages that can arrive in a state that neither handles nor ignores them,
/// which the engine treats by the saga's unexpected-message policy. Under the Ignore policy such a
/// message is dropped on purpose, so neither rule reports.
/// </summary>
internal static class ArrivalRules
{
    public static IEnumerable<Diagnostic> Check(SagaModel model, StateGraph graph)
    {
        if (model.UnexpectedPolicy == RuleText.IgnorePolicy)
        {
            return [];
        }

        return UnhandledTimeouts(model, graph).Concat(UnhandledMessages(model, graph));
    }

    // A scheduled message arrives after its handler's [Then] state was entered, possibly after the
    // instance moved on, even to a final state; a handler that cancels it, or handles it, ends its journey.
    private static IEnumerable<Diagnostic> UnhandledTimeouts(SagaModel model, StateGraph graph)
    {
        foreach (var handler in graph.Starts.Concat(graph.Steps))
        {
            foreach (var scheduled in handler.Sends.Where(s => s.Kind == SendKind.Schedule))
            {
                var message = scheduled.Type;
                var arrivals = graph.Walk([handler.ToState!.Name!], step => !StateGraph.Same(step.MessageType, message) && !Cancels(step, message));
                // Every such state in one diagnostic, nearest first, so one build shows the whole fix.
                var missed = arrivals.Where(state => graph.HandlerOf(state, message) is null && !graph.Ignores(state, message)).ToList();
                if (missed.Count > 0)
                {
                    yield return Diagnostic.Create(DiagnosticDescriptors.TimeoutUnhandled, scheduled.Location,
                        RuleText.Type(message), RuleText.Handler(handler), Arrivals(missed), string.Join(", ", missed.Select(s => RuleText.State(model, s))));
                }
            }
        }
    }

    private static string Arrivals(IReadOnlyList<string> states) => states.Count == 1
        ? $"state {states[0]}, which neither handles nor ignores it"
        : $"states {string.Join(", ", states.Take(states.Count - 1))} and {states[states.Count - 1]}, none of which handles or ignores it";

    private static bool Cancels(HandlerModel handler, ITypeSymbol message) =>
        handler.Sends.Any(s => s.Kind == SendKind.CancelScheduled && StateGraph.Same(s.Type, message));

    // A message the saga handles can come again after it was handled: a second reply, a late copy.
    // So it can arrive in every live state reachable from where its handlers lead.
    private static IEnumerable<Diagnostic> UnhandledMessages(SagaModel model, StateGraph graph)
    {
        var messages = graph.Steps.Select(h => h.MessageType).OfType<ITypeSymbol>()
            .Distinct<ITypeSymbol>(SymbolEqualityComparer.Default).ToList();
        var policy = RuleText.Policy(model.UnexpectedPolicy);
        foreach (var message in messages)
        {
            var after = graph.Walk(graph.Steps.Where(h => StateGraph.Same(h.MessageType, message)).Select(h => h.ToState!.Name!), _ => true);
            foreach (var state in model.States.Where(s => !s.IsFinal && after.Contains(s.Name)))
            {
                if (graph.HandlerOf(state.Name, message) is null && !graph.Ignores(state.Name, message))
                {
                    yield return Diagnostic.Create(DiagnosticDescriptors.MessageNotHandledInState, model.NameLocation,
                        model.Symbol.Name, RuleText.Type(message), state.Name, policy, RuleText.State(model, state.Name));
                }
            }
        }
    }
}
