using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>
/// SAGA003, SAGA004, SAGA006, SAGA007, SAGA008: the shape of the saga class and of each handler,
/// everything that makes the generator skip the saga; and SAGA034, an attribute the generator
/// compiles but dispatch ignores.
/// </summary>
internal static class StructureRules
{
    public static IEnumerable<Diagnostic> Check(SagaModel model)
    {
        var saga = model.Symbol;
        if (!model.IsPartial)
        {
            yield return Diagnostic.Create(DiagnosticDescriptors.SagaNotPartial, model.NameLocation, saga.Name);
        }

        foreach (var problem in ShapeProblems(model))
        {
            yield return Diagnostic.Create(DiagnosticDescriptors.SagaShapeInvalid, model.NameLocation, saga.Name, problem);
        }

        // Without Saga<TState, TData> there are no states to check handlers against.
        if (!model.DerivesFromSaga)
        {
            yield break;
        }

        foreach (var handler in model.Handlers)
        {
            foreach (var diagnostic in CheckHandler(model, handler))
            {
                yield return diagnostic;
            }
        }

        foreach (var method in NeverRunning(model))
        {
            yield return Diagnostic.Create(DiagnosticDescriptors.HandlerStatesMissing, Symbols.LocationOf(method), RuleText.Handler(method),
                $"has [Then] but neither [StartedBy] nor [When], so it never runs. Add [When({RuleText.State(model, "X")})] naming the states it runs in.");
        }
    }

    private static IEnumerable<string> ShapeProblems(SagaModel model)
    {
        if (model.Symbol.ContainingType is { } outer)
        {
            yield return $"is nested in '{outer.Name}'; declare it at namespace level";
        }

        if (model.Symbol.TypeParameters.Length > 0)
        {
            yield return "is generic; declare it without type parameters";
        }

        if (!model.DerivesFromSaga)
        {
            yield return "does not derive from Saga<TState, TData>; derive it from Saga<State, Data> with an enum of its states and a class for its data";
        }
    }

    private static IEnumerable<Diagnostic> CheckHandler(SagaModel model, HandlerModel handler)
    {
        var name = RuleText.Handler(handler);
        if (handler.Message is null && handler.Method.Parameters.Length > 0)
        {
            yield return Diagnostic.Create(DiagnosticDescriptors.HandlerMessageNotRegistered, handler.Location, name,
                RuleText.Type(handler.Method.Parameters[0].Type));
        }

        if (handler.SignatureProblem is { } problem)
        {
            yield return Diagnostic.Create(DiagnosticDescriptors.HandlerSignatureInvalid, handler.Location, name, problem);
        }

        foreach (var (location, reason) in StateProblems(model, handler))
        {
            yield return Diagnostic.Create(DiagnosticDescriptors.HandlerStatesMissing, location, name, reason);
        }

        // A [StartedBy] handler runs only when no instance exists; its [When] states only reach the diagram.
        if (handler.IsStart && handler.WhenLocation is { } when)
        {
            yield return Diagnostic.Create(DiagnosticDescriptors.StartWithWhen, when, name,
                handler.MessageType is { } message ? RuleText.Type(message) : "its message");
        }
    }

    private static IEnumerable<(Location, string)> StateProblems(SagaModel model, HandlerModel handler)
    {
        var members = $"use one of {model.StateType!.Name}: {RuleText.StateList(model)}";
        if (handler.ToState is null)
        {
            yield return (handler.Location, $"has no [Then]. Name the state the saga enters after it returns: [Then({RuleText.State(model, "X")})].");
        }
        else if (handler.ToState.Name is null)
        {
            yield return (handler.ToState.Location, $"names a [Then] state that is not a member of {model.StateType.Name}; {members}.");
        }

        // A [StartedBy] handler runs when no instance exists, so its [When] states do not matter.
        if (handler.IsStart)
        {
            yield break;
        }

        if (handler.FromStates.Count == 0)
        {
            yield return (handler.AttributesLocation, $"has [When] without states, so it never runs. Name the states it runs in: [When({RuleText.State(model, "X")})].");
        }
        else if (handler.FromStates.FirstOrDefault(s => s.Name is null) is { } unknown)
        {
            yield return (unknown.Location, $"names a [When] state that is not a member of {model.StateType.Name}; {members}.");
        }
    }

    // Methods that look like handlers but are not read as ones: a [Then] alone is a forgotten [When].
    private static IEnumerable<IMethodSymbol> NeverRunning(SagaModel model) =>
        model.Symbol.GetMembers().OfType<IMethodSymbol>()
            .Where(m => Symbols.HasAttribute(m, KnownNames.ThenAttribute)
                && !model.Handlers.Any(h => SymbolEqualityComparer.Default.Equals(h.Method, m)));
}
