using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>Turns an <c>[Event]</c> or <c>[Command]</c> type into a <see cref="MessageSpec"/>.</summary>
internal static class MessageParser
{
    /// <summary>The spec of a message type, or <see langword="null"/> when it carries neither attribute.</summary>
    public static MessageSpec? Parse(ITypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            var name = attribute.AttributeClass?.ToDisplayString();
            if (name is KnownNames.EventAttribute or KnownNames.CommandAttribute)
            {
                // A pinned wire name survives renaming the class; otherwise the type name is the wire name.
                var pinned = attribute.ConstructorArguments.FirstOrDefault().Value as string;
                return new MessageSpec(
                    type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    string.IsNullOrWhiteSpace(pinned) ? type.Name : pinned!,
                    name == KnownNames.CommandAttribute);
            }
        }

        return null;
    }
}
