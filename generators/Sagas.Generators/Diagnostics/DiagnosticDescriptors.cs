using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Diagnostics;

/// <summary>The one catalog of diagnostic descriptors reported by the Sagas analyzers.</summary>
internal static class DiagnosticDescriptors
{
    // One category per area, so a team can tune a whole area in .editorconfig at once.
    private const string NamingCategory = "Sagas.Naming";

    public static readonly DiagnosticDescriptor EventNotPastTense = new(
        id: DiagnosticIds.EventNotPastTense,
        title: "Event is not named in the past tense",
        messageFormat: "Event '{0}' is not named in the past tense: events record what has happened. Rename it, for example to '{1}'.",
        category: NamingCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An event states a fact that has already happened (OrderPlaced, PaymentCaptured). "
            + "A name in the imperative (PlaceOrder) reads as a command and invites handlers to refuse it. "
            + "Name events as a noun followed by a past-tense verb; pin the wire name with [Event(\"...\")] "
            + "before renaming if messages with the old name are already stored.",
        helpLinkUri: HelpLink(DiagnosticIds.EventNotPastTense));

    // Each rule is documented in the README's diagnostics table, one anchor per lower-case ID.
    private static string HelpLink(string id) =>
        "https://github.com/sagas-dotnet/sagas/blob/main/README.md#" + id.ToLowerInvariant();
}
