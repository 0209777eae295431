using System.Globalization;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.Analyzers.Messages;

/// <summary>SAGA021: a wire name identifies one message type.</summary>
public sealed class DuplicateWireNameTests
{
    // Two events of one name in two namespaces: distinct types, but the same default wire name.
    private const string Messages = """
        namespace Shop.Billing
        {
            [Sagas.Event("billing.order-placed.v1")] public sealed record OrderPlaced(System.Guid OrderId);
        }

        namespace Shop.Sales
        {
            [Sagas.Event] public sealed record OrderPlaced(System.Guid OrderId);
        }
        """;

    [Fact]
    public async Task Fires_on_the_later_type_of_two_with_the_same_default_wire_name()
    {
        var markup = Messages.Edit("[Sagas.Event]", "[[|Sagas.Event|]]")
            .Edit("[Sagas.Event(\"billing.order-placed.v1\")]", "[Sagas.Event]");

        var diagnostic = await SingleAsync(markup);

        Assert.Equal(
            "'Shop.Billing.OrderPlaced' and 'Shop.Sales.OrderPlaced' both use the wire name 'OrderPlaced'; a received message could not be told apart. Pin a distinct name with [Event(\"...\")] or [Command(\"...\")].",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Fires_on_a_command_whose_pinned_name_an_event_already_uses()
    {
        var markup = Messages.Edit(
            "[Sagas.Event] public sealed record OrderPlaced(System.Guid OrderId);",
            "[[|Sagas.Command(\"billing.order-placed.v1\")|]] public sealed record PlaceOrder(System.Guid OrderId);");

        await SingleAsync(markup);
    }

    [Fact]
    public async Task Is_quiet_when_one_of_the_two_pins_a_distinct_name()
    {
        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new MessageAnalyzer(), Messages)).Diagnostics);
    }

    private static async Task<Diagnostic> SingleAsync(string markup)
    {
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new MessageAnalyzer(), markup);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SAGA021", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        return diagnostic;
    }
}
