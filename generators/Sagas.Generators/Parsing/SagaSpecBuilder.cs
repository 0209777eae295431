using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>
/// Turns a <see cref="SagaModel"/> into the cacheable <see cref="SagaSpec"/> the emitter needs, or
/// into nothing when the model has an error that would make generated code fail to compile: the
/// analyzers report it, the generator stays quiet.
/// </summary>
internal static class SagaSpecBuilder
{
    private static readonly string[] Policies = ["Fault", "Ignore", "DeadLetter"];

    /// <param name="model">The saga as read.</param>
    /// <param name="sent">The context calls of its methods (<see cref="SentMessages.In"/>).</param>
    public static SagaSpec? From(SagaModel model, IReadOnlyList<SentMessage> sent)
    {
        if (!model.IsPartial || model.IsNestedOrGeneric || !model.DerivesFromSaga
            || model.Key.Property is null || model.Key.Kind == KeyKind.Unsupported
            || !model.Handlers.All(IsCallable))
        {
            return null;
        }

        var saga = model.Symbol;
        var ns = saga.ContainingNamespace.IsGlobalNamespace ? "" : saga.ContainingNamespace.ToDisplayString();
        var access = model.Key.Kind == KeyKind.Wrapper ? model.Key.Property.Name + ".Value" : model.Key.Property.Name;
        return new SagaSpec(
            ns,
            saga.Name,
            ns.Length == 0 ? saga.MetadataName : ns + "." + saga.MetadataName,
            model.StateType!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            model.DataType!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            model.UnexpectedPolicy >= 0 && model.UnexpectedPolicy < Policies.Length ? Policies[model.UnexpectedPolicy] : Policies[0],
            model.States.Select(s => new StateSpec(s.Name, s.IsFinal)).ToEquatableArray(),
            model.Handlers.Select(h => new HandlerSpec(
                h.Message!,
                access,
                h.Call!,
                h.IsStart,
                h.FromStates.Select(s => s.Name!).ToEquatableArray(),
                h.ToState!.Name!,
                h.Compensates,
                h.Compensation,
                h.ConfirmationMessage is null ? null : new ConfirmationSpec(h.ConfirmationMessage, access),
                h.FailedState?.Name)).ToEquatableArray(),
            model.Ignores
                .Where(i => i.Message is not null && i.States.Count > 0 && i.States.All(s => s.Name is not null))
                .Select(i => new IgnoreSpec(i.Message!, i.States.Select(s => s.Name!).ToEquatableArray()))
                .ToEquatableArray(),
            SentMessages.Registered(sent))
        {
            KeyedSent = SentMessages.CarryingKey(sent, model.Key.Property.Name, model.Key.Property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                .Select(m => new KeyedMessageSpec(m, access))
                .ToEquatableArray(),
            DataCopy = (DataCopy.Members(model.DataType) ?? []).ToEquatableArray(),
            CopiesData = DataCopy.Members(model.DataType) is not null,
        };
    }

    // What generated code needs of a handler to compile: a callable method, a registered message
    // carrying the key, named states, and a callable compensation when one is declared.
    private static bool IsCallable(HandlerModel handler) =>
        handler.Call is not null
        && handler.Message is not null
        && handler.CorrelationMatches
        && handler.StatesResolved
        && (handler.CompensatedBy is null || handler.Compensation is not null)
        && (handler.ConfirmedBy is null || (handler.ConfirmationMessage is not null && handler.ConfirmationCorrelates))
        && (handler.FailedState is null || handler.FailedState.Name is not null);
}
