using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Sagas.Generators.Parsing;

/// <summary>Small symbol look-ups the parsers share.</summary>
internal static class Symbols
{
    public static AttributeData? FindAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().FirstOrDefault(a => IsNamed(a.AttributeClass, metadataName));

    /// <summary>
    /// Whether <paramref name="symbol"/>'s full name is <paramref name="fullName"/> (<c>Sagas.EventAttribute</c>),
    /// compared name by name up the containing symbols: the generator and the analyzers ask it of every
    /// attribute of every type on every edit, where a display string for each would allocate.
    /// </summary>
    public static bool IsNamed(ISymbol? symbol, string fullName)
    {
        var end = fullName.Length;
        while (symbol is not null and not INamespaceSymbol { IsGlobalNamespace: true })
        {
            var name = symbol.Name;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(fullName, start, name, 0, name.Length) != 0)
            {
                return false;
            }

            symbol = symbol.ContainingSymbol;
            if (start == 0)
            {
                return symbol is null or INamespaceSymbol { IsGlobalNamespace: true };
            }

            if (fullName[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
        }

        return false;
    }

    public static bool HasAttribute(ISymbol symbol, string metadataName) => FindAttribute(symbol, metadataName) is not null;

    /// <summary>An attribute's named argument (<c>[X(Name = ...)]</c>), or <see langword="null"/> when it is not given.</summary>
    public static TypedConstant? NamedArgument(AttributeData attribute, string name) =>
        attribute.NamedArguments.Where(a => a.Key == name).Select(a => (TypedConstant?)a.Value).FirstOrDefault();

    /// <summary>The base type of <paramref name="type"/> constructed from the generic <paramref name="definition"/> (<c>Sagas.Workflow&lt;TData&gt;</c>), if any.</summary>
    public static INamedTypeSymbol? GenericBase(INamedTypeSymbol type, string definition)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) == definition)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// The data type of a <c>[Saga]</c> (<c>Saga&lt;TState, TData&gt;</c>) or a <c>[Workflow]</c>
    /// (<c>Workflow&lt;TData&gt;</c>), the document stored per instance; <see langword="null"/> for any other type.
    /// </summary>
    public static ITypeSymbol? DataType(INamedTypeSymbol type) =>
        HasAttribute(type, KnownNames.SagaAttribute) ? GenericBase(type, KnownNames.SagaBase)?.TypeArguments[1]
        : HasAttribute(type, KnownNames.WorkflowAttribute) ? GenericBase(type, KnownNames.WorkflowBase)?.TypeArguments[0]
        : null;

    public static IEnumerable<IPropertySymbol> AllProperties(ITypeSymbol type)
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

    public static Location LocationOf(ISymbol symbol) => symbol.Locations.Length > 0 ? symbol.Locations[0] : Location.None;

    /// <summary>Where an attribute is written, so the squiggle lands on it.</summary>
    public static Location LocationOf(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;

    /// <summary>Where an attribute's named argument (<c>Version = 0</c>) is written; the attribute's location when it is not.</summary>
    public static Location LocationOf(AttributeData attribute, string argument, CancellationToken cancellationToken) =>
        (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax)?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == argument)?.GetLocation()
        ?? LocationOf(attribute, cancellationToken);
}
