using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Model;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Contracts;

/// <summary>
/// Reads the contract of a message type or a saga from code: what System.Text.Json writes of it
/// (public properties with a public getter and members marked <c>[JsonInclude]</c>, by their
/// <c>[JsonPropertyName]</c> if any, none marked <c>[JsonIgnore]</c>), and, through the application's
/// own types and collections of them, what it writes of their members; an enum's values with their numbers.
/// </summary>
internal static class ContractReader
{
    // Deep enough for an order's lines' product's price; a cycle stops at the type already on the path.
    private const int MaxDepth = 4;

    /// <summary>What an enum value's line gives as its type: <c>Priority.Rush: value 1</c>.</summary>
    public const string ValuePrefix = "value ";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    /// <summary>Every contract declared in <paramref name="compilation"/>'s own code, nested types included.</summary>
    public static EquatableArray<ContractEntry> All(Compilation compilation, CancellationToken cancellationToken)
    {
        var entries = new List<ContractEntry>();
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var symbol = pending.Pop();
            foreach (var member in symbol.GetMembers().OfType<INamespaceOrTypeSymbol>())
            {
                pending.Push(member);
            }

            if (symbol is INamedTypeSymbol type && Read(type) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries.ToEquatableArray();
    }

    /// <summary>The contract of a message type, a saga or a workflow; <see langword="null"/> for any other type.</summary>
    public static ContractEntry? Read(INamedTypeSymbol type) =>
        Symbols.HasAttribute(type, KnownNames.SagaAttribute) || Symbols.HasAttribute(type, KnownNames.WorkflowAttribute) ? Saga(type) : Message(type);

    /// <summary>The contract of an <c>[Event]</c> or <c>[Command]</c> type; <see langword="null"/> for any other type, or a generic one (SAGA033).</summary>
    public static ContractEntry? Message(ITypeSymbol type) =>
        MessageParser.Parse(type) is { } spec ? Message(type, spec) : null;

    /// <summary>The contract of a message type already read into <paramref name="spec"/>.</summary>
    public static ContractEntry Message(ITypeSymbol type, MessageSpec spec) => new(
        spec.IsCommand ? ContractEntry.Command : ContractEntry.Event,
        spec.WireName,
        spec.Version,
        TypeName(type),
        Key: "",
        States: default,
        Members(type));

    /// <summary>The contract of a <c>[Saga]</c> or <c>[Workflow]</c> class: its stored name, data, key and states; <see langword="null"/> when it has no usable data type.</summary>
    public static ContractEntry? Saga(INamedTypeSymbol saga)
    {
        if (Symbols.DataType(saga) is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } data || saga.IsGenericType)
        {
            return null;
        }

        // A workflow's states are its steps, which the generator names; its data and key are the user's.
        var states = Symbols.HasAttribute(saga, KnownNames.SagaAttribute)
            && Symbols.GenericBase(saga, KnownNames.SagaBase)?.TypeArguments[0] is INamedTypeSymbol { TypeKind: TypeKind.Enum } stateType
            ? stateType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => f.Name)
            : [];

        var key = KeyReader.Read(saga, data).Property;
        return new ContractEntry(
            ContractEntry.Saga,
            StoredName(saga),
            Version: 0,
            TypeName(data),
            key is null ? "" : JsonName(key) + ": " + TypeName(key.Type),
            states.ToEquatableArray(),
            Members(data));
    }

    /// <summary>The name a saga's instances are stored under: its full metadata name, as the generated code gives it.</summary>
    public static string StoredName(INamedTypeSymbol saga) =>
        saga.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + saga.MetadataName : saga.MetadataName;

    /// <summary>
    /// The members of <paramref name="type"/> that JSON writes, each with its type and JSON name: public
    /// properties with a public getter, and any property or field marked <c>[JsonInclude]</c>.
    /// </summary>
    public static IEnumerable<(ISymbol Member, ITypeSymbol Type, string Name)> Written(ITypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var memberType = member switch
                {
                    IPropertySymbol { IsStatic: false, IsIndexer: false } property when IsWritten(property) => property.Type,
                    IFieldSymbol { IsStatic: false, IsConst: false } field when HasJsonAttribute(field, "JsonIncludeAttribute") => field.Type,
                    _ => null,
                };
                if (memberType is not null && !HasJsonAttribute(member, "JsonIgnoreAttribute") && seen.Add(member.Name))
                {
                    yield return (member, memberType, JsonName(member));
                }
            }
        }
    }

    private static bool IsWritten(IPropertySymbol property) =>
        (property.DeclaredAccessibility == Accessibility.Public && property.GetMethod is { DeclaredAccessibility: Accessibility.Public })
        || (property.GetMethod is not null && HasJsonAttribute(property, "JsonIncludeAttribute"));

    private static EquatableArray<ContractMember> Members(ITypeSymbol type)
    {
        var members = new List<ContractMember>();
        AddMembers(type, "", [type], members);
        return members.ToEquatableArray();
    }

    private static void AddMembers(ITypeSymbol type, string prefix, List<ITypeSymbol> path, List<ContractMember> members)
    {
        foreach (var (_, memberType, name) in Written(type).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var memberPath = prefix + name;
            members.Add(new ContractMember(memberPath, TypeName(memberType)));

            // Into the application's own types, through collections: their members are the contract too.
            var (inner, suffix) = Element(memberType);
            if (inner is INamedTypeSymbol { TypeKind: TypeKind.Enum } @enum)
            {
                AddValues(@enum, memberPath + suffix + ".", members);
            }
            else if (IsOwnShape(inner) && path.Count < MaxDepth && !path.Contains(inner, SymbolEqualityComparer.Default))
            {
                path.Add(inner);
                AddMembers(inner, memberPath + suffix + ".", path, members);
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    // An enum is written as its number (unless a converter says otherwise): a value removed or renumbered changes what old JSON means.
    private static void AddValues(INamedTypeSymbol @enum, string prefix, List<ContractMember> members)
    {
        if (!IsOwnShape(@enum))
        {
            return;
        }

        foreach (var field in @enum.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue))
        {
            members.Add(new ContractMember(prefix + field.Name, ValuePrefix + Convert.ToString(field.ConstantValue, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    // A collection's element ("[]") or a dictionary's value ("{}"), else the type itself.
    private static (ITypeSymbol Type, string Suffix) Element(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return (array.ElementType, "[]");
        }

        if (type.SpecialType == SpecialType.System_String || type is not INamedTypeSymbol named)
        {
            return (type, "");
        }

        var interfaces = named.TypeKind == TypeKind.Interface ? named.AllInterfaces.Add(named) : named.AllInterfaces;
        var dictionary = interfaces.FirstOrDefault(i => i.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.IDictionary<TKey, TValue>" or "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>");
        if (dictionary is not null)
        {
            return (dictionary.TypeArguments[1], "{}");
        }

        var sequence = interfaces.FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
        return sequence is not null ? (sequence.TypeArguments[0], "[]") : (type, "");
    }

    // A class, struct or enum of the application (not of .NET), whose members it chose and may change.
    private static bool IsOwnShape(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Enum } named || named.SpecialType != SpecialType.None)
        {
            return false;
        }

        var ns = named.ContainingNamespace?.ToDisplayString() ?? "";
        return !(ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns == "Microsoft" || ns.StartsWith("Microsoft.", StringComparison.Ordinal));
    }

    private static string JsonName(ISymbol member) =>
        member.GetAttributes()
            .Where(a => a.AttributeClass is { Name: "JsonPropertyNameAttribute" } @class && @class.ContainingNamespace?.ToDisplayString() == "System.Text.Json.Serialization")
            .Select(a => a.ConstructorArguments.FirstOrDefault().Value as string)
            .FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? member.Name;

    private static bool HasJsonAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { Name: var attribute } @class && attribute == name
            && @class.ContainingNamespace?.ToDisplayString() == "System.Text.Json.Serialization");

    private static string TypeName(ITypeSymbol type) => type.ToDisplayString(TypeFormat);
}
