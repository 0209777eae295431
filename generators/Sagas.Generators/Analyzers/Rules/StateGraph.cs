using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>
/// A saga's transitions as its handlers declare them, and where an instance can be. Handlers whose
/// states do not resolve are left out: SAGA008 reports them, and until they are fixed the graph is
/// not <see cref="IsComplete"/>.
/// </summary>
internal sealed class StateGraph
{
    private readonly SagaModel _model;

    public StateGraph(SagaModel model)
    {
        _model = model;
        Starts = [.. model.Handlers.Where(h => h.IsStart && h.StatesResolved)];
        Steps = [.. model.Handlers.Where(h => !h.IsStart && h.StatesResolved)];
        IsComplete = model.Handlers.All(h => h.StatesResolved);
        Reachable = Walk(Starts.Select(h => h.ToState!.Name!), _ => true);
    }

    /// <summary>[StartedBy] handlers with a resolved [Then].</summary>
    public IReadOnlyList<HandlerModel> Starts { get; }

    /// <summary>The other handlers, with resolved [When] and [Then] states.</summary>
    public IReadOnlyList<HandlerModel> Steps { get; }

    /// <summary>Whether every handler resolved, so that what the graph leaves out is really absent.</summary>
    public bool IsComplete { get; }

    /// <summary>The states an instance can enter from its start, in the order a walk finds them.</summary>
    public IReadOnlyList<string> Reachable { get; }

    public static bool Same(ITypeSymbol? a, ITypeSymbol? b) => a is not null && SymbolEqualityComparer.Default.Equals(a, b);

    public bool IsFinal(string state) => _model.States.Any(s => s.IsFinal && s.Name == state);

    /// <summary>The non-start handlers whose [When] names <paramref name="state"/>.</summary>
    public IEnumerable<HandlerModel> RunningIn(string state) => Steps.Where(h => h.FromStates.Any(s => s.Name == state));

    /// <summary>The handler that runs for <paramref name="message"/> in <paramref name="state"/>; in a final state, a finished instance runs it too.</summary>
    public HandlerModel? HandlerOf(string state, ITypeSymbol message) =>
        RunningIn(state).FirstOrDefault(h => Same(h.MessageType, message));

    public bool Ignores(string state, ITypeSymbol message) =>
        _model.Ignores.Any(i => Same(i.MessageType, message) && i.States.Any(s => s.Name == state));

    /// <summary>
    /// The states reachable from <paramref name="from"/> (included) through the handlers
    /// <paramref name="through"/> accepts, in breadth-first order so the nearest come first.
    /// </summary>
    public IReadOnlyList<string> Walk(IEnumerable<string> from, Func<HandlerModel, bool> through)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in from)
        {
            if (seen.Add(state))
            {
                found.Add(state);
            }
        }

        // found doubles as the queue: each state is expanded once, in the order it was found.
        // Final states too: a finished instance runs the handlers of its [Final] state.
        for (var next = 0; next < found.Count; next++)
        {
            foreach (var step in RunningIn(found[next]).Where(through))
            {
                if (seen.Add(step.ToState!.Name!))
                {
                    found.Add(step.ToState.Name!);
                }

                // A compensation that is never confirmed ends the instance in the failed state instead.
                if (step.FailedState?.Name is { } failed && seen.Add(failed))
                {
                    found.Add(failed);
                }
            }
        }

        return found;
    }
}
