using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Parsing;

/// <summary>
/// The members of a saga's or workflow's data that do not survive the JSON round trip between
/// steps, as System.Text.Json reads them with the engine's default options (web defaults, no
/// IncludeFields, no resolver modifiers): a public property is written when its getter is public
/// and read back only through a public set or init accessor; non-public members and fields are
/// neither written nor read. Members declared in this compilation only, so the squiggle can land.
/// </summary>
internal static class DataRoundTrip
{
    /// <summary>Each member whose value is lost, with why and how to fix it.</summary>
    public static IEnumerable<(ISymbol Member, string Problem, string Fix)> Losses(INamedTypeSymbol dataType)
    {
        if (HasJsonAttribute(dataType, "JsonObjectCreationHandlingAttribute"))
        {
            yield break; // populated in place, which a member-by-member judgement cannot follow
        }

        var constructed = ConstructorParameters(dataType);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var type = dataType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || !member.Locations.Any(l => l.IsInSource) || !seen.Add(member.Name)
                    || HasJsonAttribute(member, "JsonIgnoreAttribute") || HasJsonAttribute(member, "JsonIncludeAttribute")
                    || HasJsonAttribute(member, "JsonObjectCreationHandlingAttribute") || HasJsonAttribute(member, "JsonExtensionDataAttribute"))
                {
                    continue;
                }

                var loss = member switch
                {
                    IPropertySymbol { IsIndexer: false } property when IsStored(property) && !constructed.Contains(property.Name) => Property(property),
                    IFieldSymbol { IsConst: false, IsReadOnly: false, AssociatedSymbol: null } field => Field(field),
                    _ => null,
                };
                if (loss is { } found)
                {
                    yield return (member, found.Problem, found.Fix);
                }
            }
        }
    }

    private static (string Problem, string Fix)? Property(IPropertySymbol property)
    {
        if (property.DeclaredAccessibility != Accessibility.Public || property.GetMethod is not { DeclaredAccessibility: Accessibility.Public })
        {
            return ($"is {Visibility(property)}, so JSON neither writes nor reads it", "Make it public with a public get and set (or init), or mark it [JsonInclude]");
        }

        return property.SetMethod switch
        {
            null => ("has no setter, so JSON writes it but never reads it back", "Add a public set or init accessor"),
            { DeclaredAccessibility: not Accessibility.Public } setter =>
                ($"has a {Text(setter.DeclaredAccessibility)} setter, which JSON does not call, so it writes the value but never reads it back", "Make the setter public (or init), or mark the property [JsonInclude]"),
            _ => null,
        };
    }

    private static (string Problem, string Fix) Field(IFieldSymbol field) =>
        field.DeclaredAccessibility == Accessibility.Public
            ? ("is a field, which JSON skips by default (IncludeFields is off)", "Make it a property with a public get and set, or mark it [JsonInclude]")
            : ($"is {Article(field.DeclaredAccessibility)} {Text(field.DeclaredAccessibility)} field, which JSON neither writes nor reads", "Make it a public property with get and set, or mark it [JsonInclude]");

    // An auto-property, or one with a setter: a get-only property computed from others holds no state of its own.
    private static bool IsStored(IPropertySymbol property) =>
        property.SetMethod is not null
        || property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

    // Properties a [JsonConstructor] sets through its parameters, matched by name as System.Text.Json does.
    private static HashSet<string> ConstructorParameters(INamedTypeSymbol type) =>
        new(type.InstanceConstructors.Where(c => HasJsonAttribute(c, "JsonConstructorAttribute"))
            .SelectMany(c => c.Parameters)
            .SelectMany(p => type.GetMembers().OfType<IPropertySymbol>().Where(m => string.Equals(m.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(p => p.Name), StringComparer.Ordinal);

    private static bool HasJsonAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { Name: var attribute } @class && attribute == name
            && @class.ContainingNamespace?.ToDisplayString() == "System.Text.Json.Serialization");

    private static string Visibility(IPropertySymbol property) =>
        property.DeclaredAccessibility != Accessibility.Public
            ? Text(property.DeclaredAccessibility)
            : "read through a " + Text(property.GetMethod?.DeclaredAccessibility ?? Accessibility.Private) + " getter";

    private static string Article(Accessibility accessibility) =>
        accessibility is Accessibility.Internal ? "an" : "a";

    private static string Text(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        Accessibility.Internal => "internal",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "public",
    };
}
