using System.Globalization;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.Analyzers.Messages;

/// <summary>SAGA039: a message's Version counts from 1.</summary>
public sealed class VersionBelowOneTests
{
    private const string Messages = """
        using System;
        using Sagas;

        namespace Shop;

        [Event("orders.placed", Version = 1)]
        public sealed record OrderPlaced(Guid OrderId, decimal Amount);

        [Event("orders.paid")]
        public sealed record OrderPaid(Guid OrderId);

        [Command("orders.ship", Version = 2)]
        public sealed record ShipOrder(Guid OrderId, string Address)
        {
            [UpcastFrom(1)]
            public static ShipOrder FromV1(ShipOrderV1 old) => new(old.OrderId, old.Street);
        }

        public sealed record ShipOrderV1(Guid OrderId, string Street);
        """;

    [Fact]
    public async Task Is_quiet_on_version_1_written_out_or_left_out_and_on_a_raised_version()
    {
        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new VersionAnalyzer(), Messages)).Diagnostics);
    }

    [Fact]
    public async Task SAGA039_fires_on_version_0_and_names_the_fix()
    {
        var markup = Messages.Edit("Version = 1", "[|Version = 0|]");

        var diagnostic = await SingleAsync(markup);

        Assert.Equal(
            "Message 'OrderPlaced' has Version = 0, but versions start at 1: remove Version if this is the type's first shape, or set it to the version the type has reached, one above the last version its [UpcastFrom] methods read",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SAGA039_fires_alone_on_a_negative_version_whose_upcasters_no_chain_can_reach()
    {
        // Judged against version -2, the upcaster from 1 would be SAGA037's "not below the type's version".
        var markup = Messages.Edit("Version = 2", "[|Version = -2|]");

        var diagnostic = await SingleAsync(markup);

        Assert.Contains("'ShipOrder' has Version = -2", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static async Task<Diagnostic> SingleAsync(string markup)
    {
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new VersionAnalyzer(), markup);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SAGA039", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        return diagnostic;
    }
}
