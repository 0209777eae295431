using System.Linq;
using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Parsing;

/// <summary>Finds a saga's key on its data type and how the key becomes a string.</summary>
internal static class KeyReader
{
    /// <summary>The data property marked <c>[CorrelationId]</c>, else the one named after the saga (<c>OrderSaga</c> → <c>OrderId</c>).</summary>
    public static KeyModel Read(INamedTypeSymbol saga, INamedTypeSymbol dataType)
    {
        var properties = Symbols.AllProperties(dataType).ToList();
        var marked = properties.Where(p => Symbols.HasAttribute(p, KnownNames.CorrelationIdAttribute)).ToList();
        if (marked.Count > 1)
        {
            return new KeyModel(null, KeyKind.Unsupported, marked);
        }

        var key = marked.FirstOrDefault() ?? properties.FirstOrDefault(p => p.Name == ConventionalName(saga));
        return key is null ? KeyModel.Missing : new KeyModel(key, KindOf(key.Type), []);
    }

    /// <summary>Whether <paramref name="message"/> has a readable property named and typed like <paramref name="key"/>, so it can be routed to the instance.</summary>
    public static bool Carries(ITypeSymbol message, IPropertySymbol key) =>
        Symbols.AllProperties(message).Any(p => p.Name == key.Name && p.GetMethod is not null && SymbolEqualityComparer.Default.Equals(p.Type, key.Type));

    /// <summary>The key property name the convention expects: the saga's name without "Saga", plus "Id".</summary>
    public static string ConventionalName(INamedTypeSymbol saga) =>
        (saga.Name.EndsWith("Saga", System.StringComparison.Ordinal) && saga.Name.Length > 4 ? saga.Name.Substring(0, saga.Name.Length - 4) : saga.Name) + "Id";

    public static KeyKind KindOf(ITypeSymbol type)
    {
        if (Simple(type) is { } simple)
        {
            return simple;
        }

        // A strongly-typed id wraps one supported value in a property named Value: record struct OrderId(Guid Value).
        return WrappedValue(type) is { } value && Simple(value.Type) is not null ? KeyKind.Wrapper : KeyKind.Unsupported;
    }

    public static IPropertySymbol? WrappedValue(ITypeSymbol type) =>
        type.GetMembers("Value").OfType<IPropertySymbol>().FirstOrDefault(p => !p.IsStatic && p.GetMethod is not null && p.DeclaredAccessibility == Accessibility.Public);

    private static KeyKind? Simple(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_String => KeyKind.String,
        SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 => KeyKind.Integer,
        _ when type.ToDisplayString() == "System.Guid" => KeyKind.Guid,
        _ => null,
    };
}
