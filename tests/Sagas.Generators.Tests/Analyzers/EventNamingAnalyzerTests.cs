using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.Analyzers;

public sealed class EventNamingAnalyzerTests
{
    [Theory]
    [InlineData("PlaceOrder", "OrderPlaced")]
    [InlineData("OrderPlace", "OrderPlaced")]
    [InlineData("ShipOrder", "OrderShipped")]
    public async Task Fires_on_the_name_of_an_event_not_in_the_past_tense(string name, string suggestion)
    {
        var markup = $$"""
            namespace Shop;

            [Sagas.Event]
            public sealed record [|{{name}}|](string OrderId);
            """;

        var (diagnostics, marked) = await AnalyzeAsync(markup);
        var diagnostic = Assert.Single(diagnostics);

        Assert.Equal("SAGA001", diagnostic.Id);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            $"Event '{name}' is not named in the past tense: events record what has happened. Rename it, for example to '{suggestion}'.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("https://github.com/sagas-dotnet/sagas/blob/main/README.md#saga001", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public async Task Suggests_no_name_when_it_recognises_no_verb()
    {
        const string markup = """
            namespace Shop;

            [Sagas.Event]
            public sealed record [|OrderStatus|](string OrderId);
            """;

        var (diagnostics, marked) = await AnalyzeAsync(markup);
        var diagnostic = Assert.Single(diagnostics);

        Assert.Equal("SAGA001", diagnostic.Id);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(
            "Event 'OrderStatus' is not named in the past tense: events record what has happened. Rename it to what happened: a noun and a past-tense verb (OrderPlaced), or a noun and an adjective stating a fact (StockLow).",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Squiggles_the_name_of_the_part_that_carries_the_attribute()
    {
        const string markup = """
            namespace Shop;

            public partial class CaptureOrderPayment
            {
                public string OrderId { get; init; } = "";
            }

            [Sagas.Event]
            public partial class [|CaptureOrderPayment|];
            """;

        var (diagnostics, marked) = await AnalyzeAsync(markup);
        var diagnostic = Assert.Single(diagnostics);

        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains("'OrderPaymentCaptured'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OrderPlaced")]
    [InlineData("PaymentCaptured")]
    [InlineData("StockReserved")]
    [InlineData("OrderShipped")]
    [InlineData("InvoiceSent")]
    [InlineData("FundsWithdrawn")]
    [InlineData("ItemBought")]
    [InlineData("PaymentDue")]
    [InlineData("OrderReady")]
    [InlineData("StockLow")]
    [InlineData("ItemOutOfStock")]
    public async Task Is_quiet_on_events_named_in_the_past_tense(string name)
    {
        var source = $$"""
            namespace Shop;

            [Sagas.Event]
            public sealed record {{name}}(string OrderId);
            """;

        Assert.Empty((await AnalyzeAsync(source)).Diagnostics);
    }

    [Fact]
    public async Task Is_quiet_on_a_type_without_the_event_attribute()
    {
        const string source = """
            namespace Shop;

            public sealed record PlaceOrder(string OrderId);
            """;

        Assert.Empty((await AnalyzeAsync(source)).Diagnostics);
    }

    [Fact]
    public async Task Is_quiet_on_a_command()
    {
        const string source = """
            namespace Shop;

            [Sagas.Command]
            public sealed record PlaceOrder(string OrderId);
            """;

        Assert.Empty((await AnalyzeAsync(source)).Diagnostics);
    }

    private static Task<(ImmutableArray<Diagnostic> Diagnostics, TextSpan? Marked)> AnalyzeAsync(string markup) =>
        AnalyzerTestHelper.AnalyzeAsync(new EventNamingAnalyzer(), markup);
}
