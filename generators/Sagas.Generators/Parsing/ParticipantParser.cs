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
    /// The spec the generator registers, or <see langword="null"/> when generated code cannot
    /// register the class (<see cref="WhyNotRegistrable"/>) or it handles no registered message.
    /// </summary>
    /// <param name="participant">The class carrying <c>[Participant]</c>.</param>
    /// <param name="sent">The registered messages it sends or publishes (<see cref="SentMessages.RegisteredIn"/>).</param>
    public static ParticipantSpec? Parse(INamedTypeSymbol participant, EquatableArray<MessageSpec> sent)
    {
        if (WhyNotRegistrable(participant) is not null)
        {
            return null;
        }

        var messages = HandledTypes(participant).Select(MessageParser.Parse).Where(m => m is not null).Select(m => m!).ToEquatableArray();
        return messages.Count == 0
            ? null
            : new ParticipantSpec(
                participant.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                "Add" + participant.Name,
                participant.DeclaredAccessibility == Accessibility.Public,
                messages,
                sent);
    }

    /// <summary>
    /// Why generated code cannot name, construct and register the class, for SAGA027; <see langword="null"/> when it can.
    /// </summary>
    public static string? WhyNotRegistrable(INamedTypeSymbol participant) =>
        participant.IsAbstract ? "it is abstract"
        : participant.IsGenericType ? "it is generic"
        : participant.ContainingType is not null ? $"it is nested in '{participant.ContainingType.Name}'"
        : participant.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal) ? "it is not public or internal"
        : !HandledTypes(participant).Any() ? "it implements no IMessageHandler<TMessage>"
        : null;
}
