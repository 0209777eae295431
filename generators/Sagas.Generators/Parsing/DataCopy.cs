using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Sagas.Generators.Parsing;

/// <summary>
/// Decides whether a saga's data type can be copied member by member with the same result as a
/// JSON round trip, so the in-memory store needs no JSON: every member JSON would write and read
/// back is a public property, got and set (or init) publicly, of an immutable type, and nothing
/// changes how JSON treats it (no <c>System.Text.Json</c> attribute, no public field). Anything
/// else goes through JSON, as before.
/// </summary>
internal static class DataCopy
{
    /// <summary>The properties to copy, or <see langword="null"/> when the type must go through JSON.</summary>
    public static IReadOnlyList<string>? Members(INamedTypeSymbol dataType)
    {
        if (dataType.TypeKind != TypeKind.Class || dataType.IsAbstract || dataType.IsGenericType || HasJsonAttribute(dataType))
        {
            return null;
        }

        var copied = new List<string>();
        var seen = new HashSet<string>();
        for (var type = dataType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared)
                {
                    continue;
                }

                if (HasJsonAttribute(member))
                {
                    return null;
                }

                switch (member)
                {
                    case IFieldSymbol { DeclaredAccessibility: Accessibility.Public }:
                        return null; // JSON writes it or not by a runtime option (IncludeFields)
                    case IPropertySymbol { IsIndexer: false } property:
                        if (!seen.Add(property.Name))
                        {
                            return null; // hidden with 'new': which one JSON sees is not worth guessing
                        }

                        if (property.DeclaredAccessibility == Accessibility.Public
                            && property.GetMethod is { DeclaredAccessibility: Accessibility.Public }
                            && property.SetMethod is { DeclaredAccessibility: Accessibility.Public })
                        {
                            if (!IsImmutable(property.Type, depth: 0))
                            {
                                return null;
                            }

                            copied.Add(SyntaxFacts.GetKeywordKind(property.Name) == SyntaxKind.None ? property.Name : "@" + property.Name);
                        }

                        break;
                }
            }
        }

        return copied;
    }

    private static bool HasJsonAttribute(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ContainingNamespace?.ToDisplayString() == "System.Text.Json.Serialization");

    // Shared by reference or copied by value without changing what JSON would read back.
    private static bool IsImmutable(ITypeSymbol type, int depth)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_String or SpecialType.System_Decimal
                or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_DateTime:
                return true;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return IsImmutable(nullable.TypeArguments[0], depth);
        }

        var name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (name is "global::System.Guid" or "global::System.DateTimeOffset" or "global::System.TimeSpan" or "global::System.DateOnly" or "global::System.TimeOnly")
        {
            return true;
        }

        // A strongly-typed id: a struct whose state is all in public auto-properties of immutable types.
        return type is INamedTypeSymbol { TypeKind: TypeKind.Struct, IsGenericType: false } value && depth < 3 && !HasJsonAttribute(value)
            && value.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic).All(f =>
                f.AssociatedSymbol is IPropertySymbol { DeclaredAccessibility: Accessibility.Public, GetMethod.DeclaredAccessibility: Accessibility.Public } property
                && !HasJsonAttribute(property)
                && IsImmutable(f.Type, depth + 1));
    }
}
