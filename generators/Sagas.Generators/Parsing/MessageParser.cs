using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>Turns an <c>[Event]</c> or <c>[Command]</c> type into a <see cref="MessageSpec"/>.</summary>
internal static class MessageParser
{
    /// <summary>
    /// The spec of a message type, or <see langword="null"/> when it carries neither attribute, or is
    /// generic (SAGA033): a wire name stands for one closed type, so generated code could not name it.
    /// </summary>
    public static MessageSpec? Parse(ITypeSymbol type)
    {
        if (IsGeneric(type))
        {
            return null;
        }

        foreach (var attribute in type.GetAttributes())
        {
            var isCommand = Symbols.IsNamed(attribute.AttributeClass, KnownNames.CommandAttribute);
            if (isCommand || Symbols.IsNamed(attribute.AttributeClass, KnownNames.EventAttribute))
            {
                // A pinned wire name survives renaming the class; otherwise the type name is the wire name.
                var pinned = attribute.ConstructorArguments.FirstOrDefault().Value as string;
                return new MessageSpec(
                    type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    string.IsNullOrWhiteSpace(pinned) ? type.Name : pinned!,
                    isCommand)
                {
                    Version = VersionOf(attribute),
                    Upcasters = Upcasters(type).Select(u => new UpcasterSpec(
                        u.FromVersion,
                        u.Method.Name,
                        u.Method.Parameters[0].Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                        u.Method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))).ToEquatableArray(),
                };
            }
        }

        return null;
    }

    /// <summary>The <c>Version</c> named on a message attribute, 1 when not set.</summary>
    public static int VersionOf(AttributeData attribute)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Version" && named.Value.Value is int version)
            {
                return version;
            }
        }

        return 1;
    }

    /// <summary>
    /// The usable <c>[UpcastFrom]</c> methods of a message type: static, one parameter, a return
    /// value; ordered by the version they read.
    /// </summary>
    public static IEnumerable<(int FromVersion, IMethodSymbol Method, AttributeData Attribute)> Upcasters(ITypeSymbol type) =>
        type.GetMembers()
            .OfType<IMethodSymbol>()
            .Where(m => m is { IsStatic: true, ReturnsVoid: false, Parameters.Length: 1, IsGenericMethod: false, IsImplicitlyDeclared: false })
            .SelectMany(m => m.GetAttributes()
                .Where(a => Symbols.IsNamed(a.AttributeClass, KnownNames.UpcastFromAttribute) && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is int)
                .Select(a => (FromVersion: (int)a.ConstructorArguments[0].Value!, Method: m, Attribute: a)))
            .OrderBy(u => u.FromVersion)
            .ThenBy(u => u.Method.Name, System.StringComparer.Ordinal);

    /// <summary>The <c>[Event]</c> or <c>[Command]</c> attribute on <paramref name="type"/>, whatever its shape.</summary>
    public static AttributeData? MessageAttribute(ITypeSymbol type) =>
        type.GetAttributes().FirstOrDefault(a => Symbols.IsNamed(a.AttributeClass, KnownNames.EventAttribute) || Symbols.IsNamed(a.AttributeClass, KnownNames.CommandAttribute));

    /// <summary>Whether the type, or a type it is nested in, has type parameters (Roslyn's IsGenericType counts both).</summary>
    public static bool IsGeneric(ITypeSymbol type) => type is INamedTypeSymbol { IsGenericType: true };
}
