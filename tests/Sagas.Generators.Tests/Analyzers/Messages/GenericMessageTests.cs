using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Analyzers;
using Sagas.Generators.Tests.Generator;

namespace Sagas.Generators.Tests.Analyzers.Messages;

/// <summary>SAGA033: a message type is not generic; the generator leaves a generic one out rather than emit code that does not compile.</summary>
public sealed class GenericMessageTests
{
    private const string Messages = """
        using System;
        using Sagas;

        namespace Shop;

        [Event] public sealed record OrderPlaced(Guid OrderId);
        [Event] public sealed record Wrapped<T>(Guid OrderId, T Value);

        public static class Outer<T>
        {
            [Command] public sealed record Nested(Guid OrderId);
        }
        """;

    [Fact]
    public async Task Fires_on_the_identifier_of_a_generic_event()
    {
        var markup = Messages.Edit("public static class Outer<T>\n{\n    [Command] public sealed record Nested(Guid OrderId);\n}", "").Mark("record ", "Wrapped");

        var diagnostic = await SingleAsync(markup);

        Assert.Equal(
            "Message 'Wrapped' is generic: a wire name stands for one closed type, so it cannot be registered, sent or handled. Declare a non-generic type for each payload, such as a record per message.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Fires_on_a_command_nested_in_a_generic_type()
    {
        var markup = Messages.Edit("[Event] public sealed record Wrapped<T>(Guid OrderId, T Value);", "").Mark("record ", "Nested");

        var diagnostic = await SingleAsync(markup);

        Assert.Contains("Message 'Nested' is generic (nested in generic 'Outer')", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_quiet_on_non_generic_messages()
    {
        var source = Messages
            .Edit("[Event] public sealed record Wrapped<T>(Guid OrderId, T Value);", "")
            .Edit("public static class Outer<T>", "public static class Outer");

        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new MessageAnalyzer(), source)).Diagnostics);
    }

    [Fact]
    public async Task The_generator_leaves_generic_messages_out_and_its_output_compiles()
    {
        // GeneratorHarness.Run fails on any warning or error in the output (a CS error in generated code among them).
        var (driver, output) = GeneratorHarness.Run(TestCompilation.Create(Messages));

        var registry = GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"];
        Assert.Contains("OrderPlaced", registry, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrapped", registry, StringComparison.Ordinal);
        Assert.DoesNotContain("Nested", registry, StringComparison.Ordinal);

        DiagnosticAnalyzer[] analyzers = [new EventNamingAnalyzer(), new SagaAnalyzer(), new MessageAnalyzer(), new ParticipantAnalyzer(), new WorkflowAnalyzer(), new CompositionAnalyzer(), new SentMessageAnalyzer(), new DataAnalyzer(), new VersionAnalyzer()];
        var diagnostics = (await output.WithAnalyzers([.. analyzers]).GetAllDiagnosticsAsync()).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.Equal(["SAGA033", "SAGA033"], diagnostics.Select(d => d.Id));
    }

    private static async Task<Diagnostic> SingleAsync(string markup)
    {
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new MessageAnalyzer(), markup);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SAGA033", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        return diagnostic;
    }
}
