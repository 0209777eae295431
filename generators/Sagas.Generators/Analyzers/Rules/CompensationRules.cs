using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>
/// SAGA018 and SAGA019: every declared compensation can be called, and in a saga that compensates,
/// every step that asks a participant for work says how to undo it.
/// </summary>
internal static class CompensationRules
{
    public static IEnumerable<Diagnostic> Check(SagaModel model)
    {
        if (!model.DerivesFromSaga)
        {
            yield break;
        }

        foreach (var handler in model.Handlers.Where(h => h.CompensatedByLocation is not null && h.Compensation is null))
        {
            yield return Diagnostic.Create(
                DiagnosticDescriptors.CompensationInvalid,
                handler.CompensatedByLocation,
                handler.CompensatedBy ?? "",
                RuleText.Handler(handler),
                WhyNotCallable(model, handler.CompensatedBy ?? ""));
        }

        // Without a [Compensate] handler no compensation ever runs, so a missing one changes nothing.
        if (!model.Handlers.Any(h => h.Compensates))
        {
            yield break;
        }

        foreach (var handler in model.Handlers.Where(h => NeedsCompensation(model, h)))
        {
            yield return Diagnostic.Create(DiagnosticDescriptors.UncompensatedSideEffect, handler.Location, RuleText.Handler(handler));
        }
    }

    private static string WhyNotCallable(SagaModel model, string name)
    {
        var method = model.Symbol.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(m => m.MethodKind == MethodKind.Ordinary);
        if (method is null)
        {
            return "names no method of the saga; add an instance method of that name, or name an existing one with nameof";
        }

        MethodCalls.Read(method, firstIsMessage: false, out var problem);
        return $"names a method that the saga engine cannot call: {problem ?? "it is not an ordinary method"}";
    }

    // A start has nothing before it to undo; a step into a final state has nothing after it that can fail.
    private static bool NeedsCompensation(SagaModel model, HandlerModel handler) =>
        !handler.IsStart
        && !handler.Compensates
        && handler.CompensatedByLocation is null
        && handler.ToState?.Name is { } target
        && !model.States.Any(s => s.Name == target && s.IsFinal)
        && handler.Sends.Any(s => s.Kind == SendKind.Send);
}
