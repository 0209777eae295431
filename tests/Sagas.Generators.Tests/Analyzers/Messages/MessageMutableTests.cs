using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.Analyzers.Messages;

/// <summary>SAGA002: events and commands cannot be changed once built.</summary>
public sealed class MessageMutableTests
{
    // The valid message; each case swaps MEMBER for one declaration.
    private const string Message = """
        using System;
        using Sagas;

        namespace Shop;

        [Event]
        public sealed record OrderPlaced(Guid OrderId)
        {
            MEMBER
        }
        """;

    [Theory]
    [InlineData("public decimal [|Amount|] { get; set; }", "property 'Amount' has a setter")]
    [InlineData("public decimal [|Amount|] { get; private set; }", "property 'Amount' has a setter")]
    [InlineData("public decimal [|Amount|];", "field 'Amount' is not readonly")]
    public async Task Fires_on_the_member_that_can_change(string member, string problem)
    {
        var diagnostic = await SingleAsync(Message.Edit("MEMBER", member));

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            $"Message 'OrderPlaced' is mutable: {problem}. Make it a record with positional or init-only properties.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("public decimal Amount { get; init; }")]
    [InlineData("public decimal Amount { get; }")]
    [InlineData("public decimal Amount => 1m;")]
    [InlineData("public readonly decimal Amount;")]
    [InlineData("public const decimal Amount = 1m;")]
    [InlineData("public static decimal Amount { get; set; }")]
    public async Task Is_quiet_on_a_member_that_cannot_change(string member)
    {
        Assert.Empty((await AnalyzeAsync(Message.Edit("MEMBER", member))).Diagnostics);
    }

    [Fact]
    public async Task Fires_on_a_positional_record_struct_that_is_not_readonly()
    {
        await SingleAsync("[Sagas.Command] public record struct ReserveStock(System.Guid [|OrderId|]);");
    }

    [Fact]
    public async Task Is_quiet_on_a_readonly_positional_record_struct()
    {
        Assert.Empty((await AnalyzeAsync("[Sagas.Command] public readonly record struct ReserveStock(System.Guid OrderId);")).Diagnostics);
    }

    [Fact]
    public async Task Fires_on_a_settable_property_of_a_base_in_source()
    {
        const string markup = """
            public abstract class OrderMessage { public System.Guid [|OrderId|] { get; set; } }

            [Sagas.Event] public sealed class OrderPlaced : OrderMessage { }
            """;

        var diagnostic = await SingleAsync(markup);

        Assert.Contains("property 'OrderId' of base 'OrderMessage' has a setter", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_quiet_on_the_same_type_without_a_message_attribute()
    {
        const string source = """
            public abstract class OrderMessage { public System.Guid OrderId { get; set; } }

            public sealed class OrderPlaced : OrderMessage { }
            """;

        Assert.Empty((await AnalyzeAsync(source)).Diagnostics);
    }

    private static async Task<Diagnostic> SingleAsync(string markup)
    {
        var (diagnostics, marked) = await AnalyzeAsync(markup);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SAGA002", diagnostic.Id);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        return diagnostic;
    }

    private static Task<(ImmutableArray<Diagnostic> Diagnostics, TextSpan? Marked)> AnalyzeAsync(string markup) =>
        AnalyzerTestHelper.AnalyzeAsync(new MessageAnalyzer(), markup);
}
