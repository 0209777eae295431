using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>
/// SAGA013 to SAGA017: the saga has exactly one key of a supported type, every message it handles
/// carries that key, and every message it emits carries it back.
/// </summary>
internal static class CorrelationRules
{
    public static IEnumerable<Diagnostic> Check(SagaModel model)
    {
        if (!model.DerivesFromSaga)
        {
            return [];
        }

        if (model.Key.Property is not { } key)
        {
            return [KeyMissing(model)];
        }

        var diagnostics = new List<Diagnostic>();
        if (model.Key.Kind == KeyKind.Unsupported)
        {
            diagnostics.Add(Diagnostic.Create(
                DiagnosticDescriptors.CorrelationKeyUnsupported,
                InSourceOr(Symbols.LocationOf(key), model.NameLocation),
                key.Name,
                RuleText.Type(key.Type)));
        }

        foreach (var handler in model.Handlers.Where(h => h.Message is not null))
        {
            if (handler.Correlation is null)
            {
                diagnostics.Add(Diagnostic.Create(
                    DiagnosticDescriptors.MessageLacksCorrelation,
                    MessageLocation(handler),
                    RuleText.Type(handler.MessageType!),
                    key.Name,
                    model.Symbol.Name,
                    RuleText.Type(key.Type)));
            }
            else if (!handler.CorrelationMatches)
            {
                diagnostics.Add(Diagnostic.Create(
                    DiagnosticDescriptors.CorrelationTypeMismatch,
                    MessageLocation(handler),
                    RuleText.Type(handler.MessageType!),
                    handler.Correlation.Name,
                    RuleText.Type(handler.Correlation.Type),
                    model.Symbol.Name,
                    RuleText.Type(key.Type)));
            }

            diagnostics.AddRange(SentWithoutKey(model, handler, key));
        }

        return diagnostics;
    }

    private static Diagnostic KeyMissing(SagaModel model)
    {
        var dataName = model.DataType!.Name;
        if (!model.Key.IsAmbiguous)
        {
            return Diagnostic.Create(
                DiagnosticDescriptors.CorrelationKeyMissing,
                model.NameLocation,
                model.Symbol.Name,
                $"mark a property of {dataName} [CorrelationId], or name one {KeyReader.ConventionalName(model.Symbol)}");
        }

        // The first marked property is taken as the intended key; the squiggles go on the others.
        var extra = model.Key.Candidates.Skip(1).Select(Symbols.LocationOf).Where(l => l.IsInSource).ToList();
        var names = string.Join(", ", model.Key.Candidates.Select(p => p.Name));
        return Diagnostic.Create(
            DiagnosticDescriptors.CorrelationKeyMissing,
            extra.Count > 0 ? extra[0] : model.NameLocation,
            extra.Skip(1),
            model.Symbol.Name,
            $"{dataName} marks several properties [CorrelationId] ({names}); keep the attribute on one");
    }

    // Once per handler and message type, on the first call in the source: enough to find the type to fix.
    // Sends arrive in the order the operation callbacks ran, so they are sorted by position first.
    // A command sent on the step that ends the instance awaits no reply, so it needs no key to find the saga.
    private static IEnumerable<Diagnostic> SentWithoutKey(SagaModel model, HandlerModel handler, IPropertySymbol key) =>
        handler.Sends
            .Where(s => s.Kind != SendKind.CancelScheduled && s.Message is not null && !CarriesKey(s.Type, key))
            .Where(s => s.Kind != SendKind.Send || !AwaitsNoReply(model, handler))
            .OrderBy(s => s.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(s => s.Location.SourceSpan.Start)
            .GroupBy(s => s.Type, SymbolEqualityComparer.Default)
            .Select(g => g.First())
            .Select(first => Diagnostic.Create(
                DiagnosticDescriptors.SentMessageLacksKey,
                first.Location,
                model.Symbol.Name,
                RuleText.Type(first.Type),
                key.Name,
                RuleText.Type(key.Type)));

    // The handler ends the instance (a [Final] state, or context.Complete()) in a state where no
    // handler runs: a finished instance runs only the handlers of its [Final] state, so nothing there
    // could take a reply.
    private static bool AwaitsNoReply(SagaModel model, HandlerModel handler)
    {
        if (handler.ToState?.Name is not { } state)
        {
            return false;
        }

        var isFinal = model.States.Exists(s => s.IsFinal && s.Name == state);
        if (!isFinal && !handler.Completes)
        {
            return false;
        }

        return !isFinal || !model.Handlers.Exists(h => !h.IsStart && h.FromStates.Exists(f => f.Name == state));
    }

    private static bool CarriesKey(ITypeSymbol type, IPropertySymbol key) =>
        Symbols.AllProperties(type).Any(p => p.Name == key.Name && p.GetMethod is not null
            && SymbolEqualityComparer.Default.Equals(p.Type, key.Type));

    // The message parameter's type, where the user reads which message the handler takes.
    private static Location MessageLocation(HandlerModel handler)
    {
        var parameter = handler.Method.Parameters.FirstOrDefault();
        var syntax = parameter?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as ParameterSyntax;
        return syntax?.Type?.GetLocation() ?? handler.Location;
    }

    private static Location InSourceOr(Location location, Location fallback) => location.IsInSource ? location : fallback;
}
