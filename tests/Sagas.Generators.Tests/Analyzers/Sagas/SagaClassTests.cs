using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Analyzers.Sagas;

/// <summary>SAGA003 and SAGA004: the saga class itself.</summary>
public sealed class SagaClassTests
{
    private const string Header = "public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>";

    [Fact]
    public async Task Saga003_fires_on_the_name_of_a_saga_that_is_not_partial()
    {
        var markup = SagaSources.Valid.Edit("public sealed partial class OrderSaga", "public sealed class OrderSaga").Mark("class ", "OrderSaga");

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA003");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "Saga 'OrderSaga' must be declared partial so that the generator can add its state machine",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Saga003_and_saga004_are_quiet_on_a_partial_top_level_saga()
    {
        var (diagnostics, _) = await SagaSources.AnalyzeAsync(SagaSources.Valid);

        Assert.DoesNotContain(diagnostics, d => d.Id is "SAGA003" or "SAGA004");
    }

    [Fact]
    public async Task Saga004_fires_on_a_generic_saga()
    {
        // A state enum nested in a generic class cannot appear in attributes, so this one is top-level.
        const string markup = """
            using Sagas;

            namespace Shop;

            public enum PingState { Waiting, [Final] Done }

            public sealed class PingData { public int PingId { get; set; } }

            [Saga]
            public sealed partial class [|PingSaga|]<T> : Saga<PingState, PingData>
            {
            }
            """;

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA004");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal("Saga 'PingSaga' is generic; declare it without type parameters", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Saga004_fires_on_a_nested_saga()
    {
        // Nesting takes two edits: the saga moves into a class, which closes at the end.
        var markup = SagaSources.Valid.Edit("[Saga]", "public static class Outer {\n[Saga]").Mark("class ", "OrderSaga") + "\n}";

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup, "SAGA004");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains("is nested in 'Outer'; declare it at namespace level", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga004_alone_fires_on_a_saga_that_does_not_derive_from_the_saga_base_class()
    {
        // The handler is wrong in every way; without states to check it against, only the shape is reported.
        const string markup = """
            using Sagas;

            namespace Shop;

            public sealed record Ping(int Id);

            [Saga]
            public sealed partial class [|PingSaga|]
            {
                [StartedBy]
                public static int On(Ping ping) => ping.Id;
            }
            """;

        var (diagnostics, marked) = await SagaSources.AnalyzeAsync(markup);

        var diagnostic = Assert.Single(diagnostics, d => SagaSources.OwnIds.Contains(d.Id));
        Assert.Equal("SAGA004", diagnostic.Id);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains("does not derive from Saga<TState, TData>", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saga004_is_quiet_on_a_saga_deriving_through_an_intermediate_base_class()
    {
        var source = SagaSources.Valid
            .Edit(Header, "public sealed partial class OrderSaga : ShopSaga<OrderSaga.State, OrderData>")
            + "\npublic abstract class ShopSaga<TState, TData> : Saga<TState, TData> where TState : struct, Enum where TData : class, new() { }\n";

        var (diagnostics, _) = await SagaSources.AnalyzeAsync(source);

        Assert.DoesNotContain(diagnostics, d => d.Id == "SAGA004");
    }
}
