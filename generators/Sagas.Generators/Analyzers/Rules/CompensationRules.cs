using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>
/// SAGA018 and SAGA019: every declared compensation can be called, and in a saga that compensates,
/// every step that asks a participant for work says how to undo it. SAGA024 and SAGA025: a
/// compensation that awaits its confirmation can receive it, and has a state to fail into.
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

        foreach (var handler in model.Handlers.Where(h => h.ConfirmedBy is not null && (h.ConfirmationMessage is null || !h.ConfirmationCorrelates)))
        {
            var why = handler.ConfirmationMessage is null
                ? "names a type that is not a message; mark it [Event]"
                : $"names an event without a property '{model.Key.Property?.Name}' of the key's type, so it cannot be routed to the saga instance; add it";
            yield return Diagnostic.Create(
                DiagnosticDescriptors.ConfirmationInvalid, handler.CompensatedByLocation, handler.ConfirmedBy!.Name, RuleText.Handler(handler), why);
        }

        // Without a [Compensate] handler no compensation ever runs, so a missing one changes nothing.
        if (!model.Handlers.Any(h => h.Compensates))
        {
            yield break;
        }

        var awaitsConfirmation = model.Handlers.Any(h => h.ConfirmedBy is not null);
        foreach (var handler in model.Handlers.Where(h => h.Compensates))
        {
            var why = handler.FailedState switch
            {
                { Name: null } => $"names a FailedState that is not a member of {model.StateType!.Name}; name one of its members",
                { Name: { } failed } when failed == handler.ToState?.Name => "names its [Then] state as its FailedState: a failed compensation would look like a finished one; declare a distinct state such as Failed",
                null when awaitsConfirmation => "has no FailedState, but a compensation awaits its confirmation and may never get it; add FailedState = State.Failed, with Failed a [Final] member of the state enum",
                _ => null,
            };
            if (why is not null)
            {
                yield return Diagnostic.Create(DiagnosticDescriptors.CompensationFailedStateMissing, handler.CompensateLocation, RuleText.Handler(handler), why);
            }
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
