using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Analyzers;
using Sagas.Generators.Tests.Generator;

namespace Sagas.Generators.Tests.Analyzers.Messages;

/// <summary>
/// SAGA029: a wire name identifies one message type across every project whose registry a project
/// composes. Each project is compiled with the generator, as a build does, before the analyzer runs.
/// </summary>
public sealed class ComposedWireNameTests
{
    // Shop.Orders registers Shop.Orders.OrderPlaced under its type name.
    private static readonly byte[] Orders = CrossAssemblyTests.Build(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga).WithAssemblyName("Shop.Orders"));

    private const string Billing = """
        using System;
        using Sagas;

        namespace Shop.Billing;

        [Event] public sealed record OrderPlaced(Guid OrderId);
        """;

    [Fact]
    public async Task Fires_on_a_message_that_takes_the_wire_name_of_a_referenced_projects()
    {
        var billing = Project("Shop.Billing", Billing, Orders);

        var diagnostic = Assert.Single(await AnalyzeAsync(billing));

        Assert.Equal("SAGA029", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Event", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(
            "'Shop.Billing.OrderPlaced' (registered by Shop.Billing) and 'Shop.Orders.OrderPlaced' (registered by Shop.Orders) both use the wire name 'OrderPlaced' in the registry composed here, "
                + "so a received 'OrderPlaced' is always read as one of them. Pin a distinct name on one with [Event(\"...\")] or [Command(\"...\")].",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Fires_in_an_application_that_composes_two_projects_sharing_a_wire_name()
    {
        var billing = CrossAssemblyTests.Build(Project("Shop.Billing", Billing)); // fine on its own
        var app = Project("Shop.App", "namespace Shop.App; public static class Nothing { }", Orders, billing);

        var diagnostic = Assert.Single(await AnalyzeAsync(app));

        Assert.Equal("SAGA029", diagnostic.Id);
        Assert.Equal(Location.None, diagnostic.Location); // neither type is the application's
        Assert.StartsWith("'Shop.Billing.OrderPlaced' (registered by Shop.Billing) and 'Shop.Orders.OrderPlaced' (registered by Shop.Orders)", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fires_on_a_message_that_takes_the_wire_name_of_a_contracts_type_the_project_registers()
    {
        // The contracts project has no registry of its own: its OrderPlaced joins Billing's, as a handled message.
        var contracts = CrossAssemblyTests.Emit(TestCompilation.Create(Sources.Contracts).WithAssemblyName("Shop.Contracts"));
        var billing = Project("Shop.Billing", Billing + """

            [Participant]
            public sealed class Ledger : IMessageHandler<Shop.Orders.OrderPlaced>
            {
                public System.Threading.Tasks.ValueTask HandleAsync(Shop.Orders.OrderPlaced message, MessageContext context, System.Threading.CancellationToken cancellationToken) => default;
            }
            """, contracts);

        var diagnostic = Assert.Single(await AnalyzeAsync(billing));

        Assert.Equal("SAGA029", diagnostic.Id);
        Assert.Equal("Event", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public async Task Leaves_two_types_of_the_project_itself_to_SAGA021()
    {
        // A nested Sales.OrderPlaced: two types of Billing itself with one wire name, which SAGA021 reports.
        var billing = Project("Shop.Billing", Billing + "public static class Sales { [Event] public sealed record OrderPlaced(Guid OrderId); }");

        Assert.Empty(await AnalyzeAsync(billing));
    }

    [Fact]
    public async Task Is_quiet_when_one_of_the_two_pins_a_distinct_name()
    {
        var billing = Project("Shop.Billing", Billing.Replace("[Event]", "[Event(\"billing.order-placed.v1\")]", StringComparison.Ordinal), Orders);

        Assert.Empty(await AnalyzeAsync(billing));
    }

    [Fact]
    public async Task Is_quiet_when_two_projects_register_one_type()
    {
        // Shop.Audit handles the Orders' own OrderPlaced: registered by both projects, one type.
        const string audit = """
            using System.Threading;
            using System.Threading.Tasks;
            using Sagas;

            namespace Shop.Audit;

            [Participant]
            public sealed class AuditService : IMessageHandler<Shop.Orders.OrderPlaced>
            {
                public ValueTask HandleAsync(Shop.Orders.OrderPlaced message, MessageContext context, CancellationToken cancellationToken) => default;
            }
            """;

        Assert.Empty(await AnalyzeAsync(Project("Shop.Audit", audit, Orders)));
    }

    private static CSharpCompilation Project(string name, string source, params byte[][] references) =>
        TestCompilation.Create(source).WithAssemblyName(name).AddReferences(references.Select(r => MetadataReference.CreateFromImage(r)));

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(CSharpCompilation project)
    {
        var (_, output) = GeneratorHarness.Run(project);
        return await output.WithAnalyzers([new CompositionAnalyzer()]).GetAnalyzerDiagnosticsAsync();
    }
}
