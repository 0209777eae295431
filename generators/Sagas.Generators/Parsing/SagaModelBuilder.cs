using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>
/// Reads a <c>[Saga]</c> class into a <see cref="SagaModel"/>: the one parser the generator and the
/// analyzers share, so that what the analyzers accept is exactly what the generator compiles.
/// </summary>
internal static class SagaModelBuilder
{
    /// <param name="saga">The class carrying <c>[Saga]</c>.</param>
    /// <param name="sends">What a handler sends; the generator reads it from operations, the analyzer from its own operation callbacks.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static SagaModel Build(INamedTypeSymbol saga, Func<IMethodSymbol, IEnumerable<SentMessage>> sends, CancellationToken cancellationToken)
    {
        var model = new SagaModel(saga)
        {
            IsPartial = saga.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is ClassDeclarationSyntax c
                && c.Modifiers.Any(m => m.ValueText == "partial")),
            IsNestedOrGeneric = saga.ContainingType is not null || saga.IsGenericType,
            UnexpectedPolicy = Symbols.FindAttribute(saga, KnownNames.SagaAttribute)?.NamedArguments
                .FirstOrDefault(a => a.Key == "Unexpected").Value.Value as int? ?? 0,
        };

        if (Symbols.GenericBase(saga, KnownNames.SagaBase) is not { } sagaBase
            || sagaBase.TypeArguments[0] is not INamedTypeSymbol { TypeKind: TypeKind.Enum } stateType
            || sagaBase.TypeArguments[1] is not INamedTypeSymbol dataType)
        {
            return model;
        }

        model.StateType = stateType;
        model.DataType = dataType;
        foreach (var field in stateType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue))
        {
            model.States.Add(new StateModel(field.Name, Symbols.HasAttribute(field, KnownNames.FinalAttribute), Symbols.LocationOf(field)));
        }

        model.Key = KeyReader.Read(saga, dataType);
        foreach (var method in saga.GetMembers().OfType<IMethodSymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReadHandler(model, method, sends) is { } handler)
            {
                model.Handlers.Add(handler);
            }
        }

        foreach (var attribute in saga.GetAttributes().Where(a => Symbols.IsNamed(a.AttributeClass, KnownNames.IgnoreAttribute)))
        {
            var messageType = attribute.ConstructorArguments.FirstOrDefault().Value as INamedTypeSymbol;
            var location = Symbols.LocationOf(attribute, cancellationToken);
            var states = attribute.ConstructorArguments.Length > 1 ? StateReferences(attribute.ConstructorArguments[1], stateType, location) : [];
            model.Ignores.Add(new IgnoreModel(messageType, messageType is null ? null : MessageParser.Parse(messageType), states, location));
        }

        return model;
    }

    private static HandlerModel? ReadHandler(SagaModel saga, IMethodSymbol method, Func<IMethodSymbol, IEnumerable<SentMessage>> sends)
    {
        var isStart = Symbols.HasAttribute(method, KnownNames.StartedByAttribute);
        var when = Symbols.FindAttribute(method, KnownNames.WhenAttribute);
        if (!isStart && when is null)
        {
            return null; // not a handler: a helper or a compensation
        }

        var stateType = saga.StateType!;
        var handler = new HandlerModel(method) { IsStart = isStart, HasWhen = when is not null };
        var firstAttribute = Symbols.FindAttribute(method, isStart ? KnownNames.StartedByAttribute : KnownNames.WhenAttribute)!;
        handler.AttributesLocation = Symbols.LocationOf(firstAttribute, default);
        if (when is not null)
        {
            handler.WhenLocation = Symbols.LocationOf(when, default);
            handler.FromStates.AddRange(StateReferences(when.ConstructorArguments.FirstOrDefault(), stateType, Symbols.LocationOf(when, default)));
        }

        if (Symbols.FindAttribute(method, KnownNames.ThenAttribute) is { } then)
        {
            handler.ToState = StateReference(then.ConstructorArguments.FirstOrDefault(), stateType, Symbols.LocationOf(then, default));
        }

        if (Symbols.FindAttribute(method, KnownNames.CompensateAttribute) is { } compensate)
        {
            handler.Compensates = true;
            handler.CompensateLocation = Symbols.LocationOf(compensate, default);
            if (Symbols.NamedArgument(compensate, "FailedState") is { } failedState)
            {
                handler.FailedState = StateReference(failedState, stateType, handler.CompensateLocation);
            }
        }

        if (Symbols.FindAttribute(method, KnownNames.CompensatedByAttribute) is { } compensatedBy)
        {
            if (Symbols.NamedArgument(compensatedBy, "ConfirmedBy")?.Value is INamedTypeSymbol confirmedBy)
            {
                handler.ConfirmedBy = confirmedBy;
                handler.ConfirmationMessage = MessageParser.Parse(confirmedBy);
                handler.ConfirmationCorrelates = saga.Key.Property is { } key && KeyReader.Carries(confirmedBy, key);
            }

            handler.CompensatedBy = compensatedBy.ConstructorArguments.FirstOrDefault().Value as string;
            handler.CompensatedByLocation = Symbols.LocationOf(compensatedBy, default);
            handler.Compensation = saga.Symbol.GetMembers(handler.CompensatedBy ?? "").OfType<IMethodSymbol>()
                .Select(m => MethodCalls.Read(m, firstIsMessage: false, out _))
                .FirstOrDefault(c => c is not null);
        }

        handler.Call = MethodCalls.Read(method, firstIsMessage: true, out var problem);
        handler.SignatureProblem = problem;
        handler.MessageType = method.Parameters.Length > 0 ? method.Parameters[0].Type as INamedTypeSymbol : null;
        if (handler.MessageType is not null)
        {
            handler.Message = MessageParser.Parse(handler.MessageType);
            if (saga.Key.Property is { } key)
            {
                handler.Correlation = Symbols.AllProperties(handler.MessageType).FirstOrDefault(p => p.Name == key.Name && p.GetMethod is not null);
                handler.CorrelationMatches = handler.Correlation is not null && SymbolEqualityComparer.Default.Equals(handler.Correlation.Type, key.Type);
            }
        }

        handler.Sends.AddRange(sends(method));
        return handler;
    }

    private static List<StateReference> StateReferences(TypedConstant array, INamedTypeSymbol stateType, Location location) =>
        array.Kind == TypedConstantKind.Array && !array.IsNull ? [.. array.Values.Select(v => StateReference(v, stateType, location))] : [];

    // Attribute arguments typed object arrive as the enum's underlying value: map it back to the member.
    private static StateReference StateReference(TypedConstant constant, INamedTypeSymbol stateType, Location location)
    {
        var name = constant.Kind == TypedConstantKind.Enum && SymbolEqualityComparer.Default.Equals(constant.Type, stateType)
            ? stateType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value))?.Name
            : null;
        return new StateReference(name, location);
    }
}
