using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>
/// Turns a <c>[Saga]</c> class into a <see cref="SagaSpec"/>. Input the engine cannot run (no
/// <c>partial</c>, no key, a handler it cannot call) is skipped quietly: the analyzers report it,
/// so the generator stays fast and never breaks <c>#pragma warning disable</c>.
/// </summary>
internal static class SagaParser
{
    public static SagaSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol saga
            || saga.ContainingType is not null
            || saga.IsGenericType
            || !IsPartial(saga)
            || FindSagaBase(saga) is not { } sagaBase
            || sagaBase.TypeArguments[0] is not INamedTypeSymbol { TypeKind: TypeKind.Enum } stateType
            || sagaBase.TypeArguments[1] is not INamedTypeSymbol dataType
            || FindKeyProperty(saga, dataType) is not { } key)
        {
            return null;
        }

        var states = stateType.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue)
            .Select(f => new StateSpec(f.Name, HasAttribute(f, KnownNames.FinalAttribute)))
            .ToEquatableArray();

        var handlers = new List<HandlerSpec>();
        foreach (var method in saga.GetMembers().OfType<IMethodSymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ParseHandler(saga, method, stateType, key) is { } handler)
            {
                handlers.Add(handler);
            }
        }

        var ns = saga.ContainingNamespace.IsGlobalNamespace ? "" : saga.ContainingNamespace.ToDisplayString();
        return new SagaSpec(
            ns,
            saga.Name,
            ns.Length == 0 ? saga.MetadataName : ns + "." + saga.MetadataName,
            stateType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            dataType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            states,
            handlers.ToEquatableArray());
    }

    private static HandlerSpec? ParseHandler(INamedTypeSymbol saga, IMethodSymbol method, INamedTypeSymbol stateType, IPropertySymbol key)
    {
        var isStart = HasAttribute(method, KnownNames.StartedByAttribute);
        var when = FindAttribute(method, KnownNames.WhenAttribute);
        var then = FindAttribute(method, KnownNames.ThenAttribute);
        if ((!isStart && when is null) || then is null
            || method.Parameters.Length == 0
            || method.Parameters[0].Type is not INamedTypeSymbol messageType
            || MessageParser.Parse(messageType) is not { } message
            || FindProperty(messageType, key.Name) is not { } correlation
            || !SymbolEqualityComparer.Default.Equals(correlation.Type, key.Type)
            || ParseCall(method, firstIsMessage: true) is not { } call
            || StateName(then.ConstructorArguments.FirstOrDefault(), stateType) is not { } toState)
        {
            return null;
        }

        var fromStates = new List<string>();
        if (when is not null)
        {
            foreach (var state in when.ConstructorArguments.FirstOrDefault().Values)
            {
                if (StateName(state, stateType) is not { } name)
                {
                    return null;
                }

                fromStates.Add(name);
            }
        }

        MethodCall? compensation = null;
        if (FindAttribute(method, KnownNames.CompensatedByAttribute)?.ConstructorArguments.FirstOrDefault().Value is string compensationName)
        {
            compensation = saga.GetMembers(compensationName).OfType<IMethodSymbol>()
                .Select(m => ParseCall(m, firstIsMessage: false))
                .FirstOrDefault(c => c is not null);
            if (compensation is null)
            {
                return null;
            }
        }

        return new HandlerSpec(
            message,
            correlation.Name,
            call,
            isStart,
            fromStates.ToEquatableArray(),
            toState,
            HasAttribute(method, KnownNames.CompensateAttribute),
            compensation);
    }

    // The engine can pass the message (first), the context and a cancellation token; it can await
    // Task and ValueTask. Anything else (generic, ref parameters, async void) is left to the analyzers.
    private static MethodCall? ParseCall(IMethodSymbol method, bool firstIsMessage)
    {
        if (method.IsGenericMethod || method.IsStatic)
        {
            return null;
        }

        var arguments = new List<ArgumentKind>();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (parameter.RefKind != RefKind.None)
            {
                return null;
            }

            var typeName = parameter.Type.ToDisplayString();
            if (i == 0 && firstIsMessage)
            {
                arguments.Add(ArgumentKind.Message);
            }
            else if (typeName == KnownNames.MessageContext)
            {
                arguments.Add(ArgumentKind.Context);
            }
            else if (typeName == "System.Threading.CancellationToken")
            {
                arguments.Add(ArgumentKind.CancellationToken);
            }
            else
            {
                return null;
            }
        }

        var returnType = method.ReturnType.ToDisplayString();
        bool isAsync;
        if (method.ReturnsVoid && !method.IsAsync)
        {
            isAsync = false;
        }
        else if (returnType is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask")
        {
            isAsync = true;
        }
        else
        {
            return null;
        }

        return new MethodCall(method.Name, arguments.ToEquatableArray(), isAsync);
    }

    // Attribute arguments typed object arrive as the enum's underlying value: map it back to the member.
    private static string? StateName(TypedConstant constant, INamedTypeSymbol stateType)
    {
        if (constant.Kind != TypedConstantKind.Enum || !SymbolEqualityComparer.Default.Equals(constant.Type, stateType))
        {
            return null;
        }

        return stateType.GetMembers().OfType<IFieldSymbol>()
            .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, constant.Value))?.Name;
    }

    private static INamedTypeSymbol? FindSagaBase(INamedTypeSymbol saga)
    {
        for (var type = saga.BaseType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) == "Sagas.Saga<TState, TData>")
            {
                return type;
            }
        }

        return null;
    }

    // The key: the data property marked [CorrelationId], else the one named after the saga (OrderSaga → OrderId).
    private static IPropertySymbol? FindKeyProperty(INamedTypeSymbol saga, INamedTypeSymbol dataType)
    {
        var properties = AllProperties(dataType).ToList();
        var marked = properties.Where(p => HasAttribute(p, KnownNames.CorrelationIdAttribute)).ToList();
        if (marked.Count > 0)
        {
            return marked.Count == 1 ? marked[0] : null;
        }

        var stem = saga.Name.EndsWith("Saga", System.StringComparison.Ordinal) ? saga.Name.Substring(0, saga.Name.Length - 4) : saga.Name;
        return properties.FirstOrDefault(p => p.Name == stem + "Id");
    }

    private static IPropertySymbol? FindProperty(INamedTypeSymbol type, string name) =>
        AllProperties(type).FirstOrDefault(p => p.Name == name && p.GetMethod is not null);

    private static IEnumerable<IPropertySymbol> AllProperties(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (!property.IsStatic && !property.IsIndexer)
                {
                    yield return property;
                }
            }
        }
    }

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ClassDeclarationSyntax c
            && c.Modifiers.Any(m => m.ValueText == "partial"));

    private static AttributeData? FindAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == metadataName);

    private static bool HasAttribute(ISymbol symbol, string metadataName) => FindAttribute(symbol, metadataName) is not null;
}
