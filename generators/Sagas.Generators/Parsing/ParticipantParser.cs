using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>Reads a <c>[Participant]</c> class: the message types of the <c>IMessageHandler&lt;T&gt;</c> it implements.</summary>
internal static class ParticipantParser
{
    /// <summary>The handled message types, in declaration order, registered or not.</summary>
    public static IEnumerable<ITypeSymbol> HandledTypes(INamedTypeSymbol participant) =>
        participant.AllInterfaces
            .Where(i => i.IsGenericType && i.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) == KnownNames.MessageHandler)
            .Select(i => i.TypeArguments[0]);

    /// <summary>
    /// The spec the generator registers, or <see langword="null"/> when the class cannot be
    /// registered from generated code (abstract, generic, nested in a type, or handling no message).
    /// </summary>
    public static ParticipantSpec? Parse(INamedTypeSymbol participant)
    {
        if (!IsRegistrable(participant))
        {
            return null;
        }

        var messages = HandledTypes(participant).Select(MessageParser.Parse).Where(m => m is not null).Select(m => m!).ToEquatableArray();
        return messages.Count == 0
            ? null
            : new ParticipantSpec(participant.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), "Add" + participant.Name, messages);
    }

    /// <summary>Whether generated code can name and construct the class: concrete, not generic, not nested, not private.</summary>
    public static bool IsRegistrable(INamedTypeSymbol participant) =>
        !participant.IsAbstract && !participant.IsGenericType && participant.ContainingType is null
        && participant.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal;
}
