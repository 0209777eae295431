using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>
/// SAGA031 and SAGA032: handlers of finished instances. A finished instance (a [Final] state, or
/// context.Complete()) runs only the handlers of its [Final] state, and stays finished; a handler
/// that would revive it, or that can never run, is reported rather than left a silent no-op.
/// </summary>
internal static class FinishedStateRules
{
    public static IEnumerable<Diagnostic> Check(SagaModel model)
    {
        if (!model.DerivesFromSaga)
        {
            yield break;
        }

        foreach (var handler in model.Handlers.Where(h => !h.IsStart))
        {
            var finalFrom = handler.FromStates.FirstOrDefault(s => IsFinal(model, s.Name));
            if (finalFrom is not null && LeavesFinished(model, handler) is { } leaves)
            {
                yield return Diagnostic.Create(DiagnosticDescriptors.FinalStateLeft, leaves.Location,
                    RuleText.Handler(handler), finalFrom.Name, leaves.How, RuleText.State(model, finalFrom.Name!));
            }

            foreach (var never in handler.FromStates.Where(s => s.Name is { } name && !IsFinal(model, name) && EnteredOnlyToComplete(model, name)))
            {
                yield return Diagnostic.Create(DiagnosticDescriptors.HandlerInFinishedState, never.Location, RuleText.Handler(handler), never.Name);
            }
        }
    }

    /// <summary>
    /// A state every handler enters while calling Complete() is where finished instances rest. A
    /// handler that runs only in the state itself enters it from nowhere else, so it does not count.
    /// </summary>
    public static bool EnteredOnlyToComplete(SagaModel model, string state)
    {
        var entering = model.Handlers.Where(h => h.ToState?.Name == state && (h.IsStart || h.FromStates.Exists(s => s.Name != state))).ToList();
        return entering.Count > 0 && entering.All(h => h.Completes);
    }

    // [Compensate] passes through Compensating, a live state, even when its [Then] is final.
    private static (Location Location, string How)? LeavesFinished(SagaModel model, HandlerModel handler)
    {
        if (handler.Compensates)
        {
            return (handler.CompensateLocation ?? handler.Location, "is [Compensate], which takes the instance back through the live state Compensating");
        }

        return handler.ToState?.Name is { } to && !IsFinal(model, to)
            ? (handler.ToState.Location, $"leads to {to}, which is not final")
            : null;
    }

    private static bool IsFinal(SagaModel model, string? state) => model.States.Any(s => s.IsFinal && s.Name == state);
}
