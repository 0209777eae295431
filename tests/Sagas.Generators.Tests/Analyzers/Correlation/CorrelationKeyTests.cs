using System.Globalization;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.Analyzers.Correlation;

/// <summary>SAGA013 and SAGA014: the saga has one key, of a type a store can use.</summary>
public sealed class CorrelationKeyTests
{
    [Fact]
    public async Task SAGA013_fires_on_the_saga_when_its_data_has_no_key_property()
    {
        var markup = CorrelationSources.Saga()
            .Edit("[CorrelationId] public Guid OrderId { get; set; } = default!;", "public Guid OrderId;")
            .Edit("partial class OrderSaga", "partial class [|OrderSaga|]");

        var diagnostic = await SingleAsync(markup, "SAGA013");

        Assert.Equal(
            "Saga 'OrderSaga' has no correlation key: mark a property of OrderData [CorrelationId], or name one OrderId",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SAGA013_fires_on_the_second_property_marked_as_the_key()
    {
        var markup = CorrelationSources.Saga()
            .Edit("public decimal Amount { get; set; }", "[CorrelationId] public decimal [|Amount|] { get; set; }");

        var diagnostic = await SingleAsync(markup, "SAGA013");

        Assert.Contains("several properties [CorrelationId] (OrderId, Amount)", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA013_is_quiet_when_the_key_is_found_by_the_saga_name()
    {
        var source = CorrelationSources.Saga().Edit("[CorrelationId] public Guid OrderId", "public Guid OrderId");

        Assert.Empty(await CorrelationDiagnosticsAsync(source));
    }

    [Fact]
    public async Task SAGA014_fires_on_a_key_of_an_unsupported_type()
    {
        var markup = CorrelationSources.Saga("DateTime").Edit("public DateTime OrderId", "public DateTime [|OrderId|]");

        var diagnostic = await SingleAsync(markup, "SAGA014");

        Assert.StartsWith("Correlation key 'OrderId' is a DateTime, which cannot be a key.", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Guid")]
    [InlineData("string")]
    [InlineData("long")]
    [InlineData("OrderId")]
    public async Task SAGA014_is_quiet_on_a_key_a_store_can_use(string key)
    {
        Assert.Empty(await CorrelationDiagnosticsAsync(CorrelationSources.Saga(key)));
    }

    [Fact]
    public async Task The_shared_source_has_no_warning_or_error_under_any_saga_rule()
    {
        // Info rules (SAGA022) may still suggest being explicit; the tests break one thing at a time.
        var diagnostics = (await AnalyzerTestHelper.AnalyzeAsync(new SagaAnalyzer(), CorrelationSources.Saga())).Diagnostics;
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    internal static async Task<Diagnostic> SingleAsync(string markup, string id)
    {
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new SagaAnalyzer(), markup);
        var diagnostic = Assert.Single(diagnostics, d => IsCorrelation(d.Id));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        return diagnostic;
    }

    internal static async Task<IEnumerable<Diagnostic>> CorrelationDiagnosticsAsync(string source) =>
        (await AnalyzerTestHelper.AnalyzeAsync(new SagaAnalyzer(), source)).Diagnostics.Where(d => IsCorrelation(d.Id));

    // SAGA013 to SAGA017; other rule groups are tested elsewhere.
    private static bool IsCorrelation(string id) => string.CompareOrdinal(id, "SAGA013") >= 0 && string.CompareOrdinal(id, "SAGA017") <= 0;
}
