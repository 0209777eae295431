using System.Globalization;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Analyzers;
using Sagas.Generators.Tests.Generator;

namespace Sagas.Generators.Tests.Analyzers.Messages;

/// <summary>
/// SAGA036: a message of version N has an upcaster from each earlier version. SAGA037: each
/// upcaster can be chained, also by the generated registry of a project that references this one.
/// </summary>
public sealed class UpcasterTests
{
    // Version 3 of OrderPlaced, with a complete chain: 1 -> 2 -> 3.
    private const string Messages = """
        using System;
        using Sagas;

        namespace Shop;

        [Event("orders.placed", Version = 3)]
        public sealed record OrderPlaced(Guid OrderId, decimal Amount, string Currency)
        {
            [UpcastFrom(1)]
            public static OrderPlacedV2 FromV1(OrderPlacedV1 old) => new(old.OrderId, old.Total);

            [UpcastFrom(2)]
            public static OrderPlaced FromV2(OrderPlacedV2 old) => new(old.OrderId, old.Amount, "EUR");
        }

        public sealed record OrderPlacedV1(Guid OrderId, decimal Total);

        public sealed record OrderPlacedV2(Guid OrderId, decimal Amount);

        [Command] public sealed record ShipOrder(Guid OrderId);
        """;

    [Fact]
    public async Task Is_quiet_on_a_complete_chain_and_on_unversioned_messages()
    {
        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new VersionAnalyzer(), Messages)).Diagnostics);
    }

    [Fact]
    public async Task Is_quiet_on_a_version_2_message_with_its_one_upcaster()
    {
        var source = Messages
            .Edit("Version = 3", "Version = 2")
            .Edit("""
                [UpcastFrom(1)]
                    public static OrderPlacedV2 FromV1(OrderPlacedV1 old) => new(old.OrderId, old.Total);
                """, "")
            .Edit("[UpcastFrom(2)]", "[UpcastFrom(1)]");

        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new VersionAnalyzer(), source)).Diagnostics);
    }

    [Fact]
    public async Task SAGA036_fires_on_the_attribute_of_a_version_without_an_upcaster()
    {
        var markup = Messages
            .Edit("""
                [UpcastFrom(1)]
                    public static OrderPlacedV2 FromV1(OrderPlacedV1 old) => new(old.OrderId, old.Total);
                """, "")
            .Mark("[", "Event(\"orders.placed\", Version = 3)");

        var diagnostic = await SingleAsync(markup, "SAGA036");

        Assert.Equal(
            "Message 'OrderPlaced' is version 3 but has no upcaster from version 1, so a version 1 message still in a stream, an outbox or a schedule cannot be read after the deploy. "
            + "Add to 'OrderPlaced' a method '[UpcastFrom(1)] public static OrderPlacedV2 FromV1(OrderPlacedV1 old)', where 'OrderPlacedV1' is a record of the version 1 shape.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SAGA036_fires_on_a_gap_in_the_chain()
    {
        var markup = Messages
            .Edit("""
                [UpcastFrom(2)]
                    public static OrderPlaced FromV2(OrderPlacedV2 old) => new(old.OrderId, old.Amount, "EUR");
                """, "")
            .Mark("[", "Event(\"orders.placed\", Version = 3)");

        var diagnostic = await SingleAsync(markup, "SAGA036");

        Assert.Contains("no upcaster from version 2", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("'[UpcastFrom(2)] public static OrderPlaced FromV2(OrderPlacedV2 old)'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA037_fires_on_an_upcaster_from_a_version_not_below_the_types()
    {
        var markup = Messages
            .Edit("}\n\npublic sealed record OrderPlacedV1", "    [UpcastFrom(3)]\n    public static OrderPlaced FromV3(OrderPlaced old) => old;\n}\n\npublic sealed record OrderPlacedV1")
            .Mark("public static OrderPlaced ", "FromV3");

        var diagnostic = await SingleAsync(markup, "SAGA037");

        Assert.Equal(
            "Upcaster 'FromV3' reads version 3, which is not below the version of 'OrderPlaced' (3): raise Version on 'OrderPlaced' to 4 if the type changed again, or mark it [UpcastFrom] a version below 3.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SAGA037_fires_on_an_upcaster_whose_return_breaks_the_chain()
    {
        var markup = Messages
            .Edit("public static OrderPlacedV2 FromV1(OrderPlacedV1 old) => new(old.OrderId, old.Total);", "public static OrderPlacedV1 FromV1(OrderPlacedV1 old) => old;")
            .Mark("public static OrderPlacedV1 ", "FromV1");

        var diagnostic = await SingleAsync(markup, "SAGA037");

        Assert.Equal(
            "Upcaster 'FromV1' returns 'OrderPlacedV1', but must return 'OrderPlacedV2', what the upcaster from version 2 ('FromV2') takes.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SAGA037_fires_on_an_instance_method()
    {
        var markup = Messages
            .Edit("public static OrderPlaced FromV2(OrderPlacedV2 old) => new(old.OrderId, old.Amount, \"EUR\");", "public OrderPlaced FromV2(OrderPlacedV2 old) => new(old.OrderId, old.Amount, \"EUR\");")
            .Mark("public OrderPlaced ", "FromV2");

        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new VersionAnalyzer(), markup);

        // Not chainable, so version 2 has no upcaster either.
        Assert.Equal(["SAGA036", "SAGA037"], diagnostics.Select(d => d.Id).Order());
        var invalid = diagnostics.Single(d => d.Id == "SAGA037");
        Assert.Equal(marked, invalid.Location.SourceSpan);
        Assert.Contains("is not a static method", invalid.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA037_fires_on_an_upcaster_of_a_type_that_is_not_a_message()
    {
        var markup = Messages
            .Edit("public sealed record OrderPlacedV2(Guid OrderId, decimal Amount);", "public sealed record OrderPlacedV2(Guid OrderId, decimal Amount)\n{\n    [UpcastFrom(1)]\n    public static OrderPlacedV2 Up(OrderPlacedV1 old) => new(old.OrderId, old.Total);\n}")
            .Mark("public static OrderPlacedV2 ", "Up");

        var diagnostic = await SingleAsync(markup, "SAGA037");

        Assert.Contains("is on 'OrderPlacedV2', which is not an [Event] or [Command]", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA037_fires_on_a_non_public_upcaster_of_a_public_message()
    {
        var markup = Messages
            .Edit("public static OrderPlaced FromV2(", "internal static OrderPlaced FromV2(")
            .Mark("internal static OrderPlaced ", "FromV2");

        var diagnostic = await SingleAsync(markup, "SAGA037");

        Assert.Equal(
            "Upcaster 'FromV2' is internal, but projects that reference this one call it, from generated code, to read version 2 of the public 'OrderPlaced': make 'FromV2' public.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SAGA037_fires_on_an_upcaster_whose_old_shape_is_public_in_a_type_other_projects_cannot_see()
    {
        var markup = Messages
            .Edit("public static OrderPlacedV2 FromV1(OrderPlacedV1 old)", "private static OrderPlacedV2 FromV1(Legacy.OrderPlacedV1 old)")
            .Edit("public sealed record OrderPlacedV1(Guid OrderId, decimal Total);", "internal static class Legacy\n{\n    public sealed record OrderPlacedV1(Guid OrderId, decimal Total);\n}")
            .Mark("private static OrderPlacedV2 ", "FromV1");

        var diagnostic = await SingleAsync(markup, "SAGA037");

        Assert.Equal(
            "Upcaster 'FromV1' is private and takes 'Legacy.OrderPlacedV1', and 'Legacy' is internal, but projects that reference this one call it, from generated code, to read version 1 of the public 'OrderPlaced': make 'FromV1' and 'Legacy' public.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Is_quiet_on_non_public_upcasters_of_a_message_no_other_project_can_see()
    {
        var hidden = Messages
            .Edit("public static OrderPlacedV2 FromV1(OrderPlacedV1 old)", "internal static OrderPlacedV2 FromV1(OrderPlacedV1 old)")
            .Edit("public static OrderPlaced FromV2(", "private static OrderPlaced FromV2(")
            .Edit("public sealed record OrderPlacedV1(", "internal sealed record OrderPlacedV1(");
        var internalType = hidden.Edit("public sealed record OrderPlaced(", "internal sealed record OrderPlaced(");
        // Public, but nested in an internal class: just as hidden from other projects.
        var nestedInInternal = hidden
            .Edit("[Event(\"orders.placed\", Version = 3)]", "internal static class Orders\n{\n[Event(\"orders.placed\", Version = 3)]")
            .Edit("}\n\ninternal sealed record OrderPlacedV1", "}\n}\n\ninternal sealed record OrderPlacedV1");

        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new VersionAnalyzer(), internalType)).Diagnostics);
        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new VersionAnalyzer(), nestedInInternal)).Diagnostics);
    }

    [Fact]
    public void The_generator_chains_the_upcasters_and_its_output_compiles_with_or_without_a_complete_chain()
    {
        // GeneratorHarness.Run fails on any warning or error in the output.
        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(Messages));
        var registry = GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"];
        Assert.Contains("<= 1 => global::Shop.OrderPlaced.FromV2(global::Shop.OrderPlaced.FromV1(global::Sagas.SagaJson.Deserialize<global::Shop.OrderPlacedV1>(body, options)", registry, StringComparison.Ordinal);
        Assert.Contains("2 => global::Shop.OrderPlaced.FromV2(global::Sagas.SagaJson.Deserialize<global::Shop.OrderPlacedV2>(body, options)", registry, StringComparison.Ordinal);
        Assert.Contains("3 => global::Sagas.SagaJson.Deserialize<global::Shop.OrderPlaced>(body, options)", registry, StringComparison.Ordinal);

        var gap = Messages.Edit("[UpcastFrom(1)]", "");
        var (gapDriver, _) = GeneratorHarness.Run(TestCompilation.Create(gap));
        Assert.Contains("has no upcaster from version 1", GeneratorHarness.GeneratedSources(gapDriver)["Sagas.Generated.Registry.g.cs"], StringComparison.Ordinal);
    }

    // Why SAGA037 asks for public upcasters: the service's own generated registry reads the contracts'
    // message and calls their upcasters, whether or not the contracts project has a registry of its own.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_service_upcasts_the_versioned_messages_of_a_contracts_project_it_references_by_calling_its_upcasters(bool contractsUseSagas)
    {
        var compilation = TestCompilation.Create(Messages).WithAssemblyName("Shop.Contracts");
        if (!contractsUseSagas)
        {
            // Sagas.Abstractions only: no generated registry there.
            compilation = compilation.RemoveReferences(compilation.References.Where(r => r.Display == typeof(SagaEngine).Assembly.Location));
        }

        var contracts = CrossAssemblyTests.Build(compilation);
        var service = TestCompilation.Create("""
            using System;
            using Sagas;

            namespace Shop.Billing;

            public sealed class BillData { [CorrelationId] public Guid OrderId { get; set; } }

            [Saga]
            public sealed partial class BillSaga : Saga<BillSaga.State, BillData>
            {
                public enum State { [Final] Billed }

                [StartedBy, Then(State.Billed)]
                public void On(Shop.OrderPlaced e) => Data.OrderId = e.OrderId;
            }
            """).WithAssemblyName("Shop.Billing").AddReferences(MetadataReference.CreateFromImage(contracts));

        var (driver, output) = GeneratorHarness.Run(service);

        Assert.Contains(
            "<= 1 => global::Shop.OrderPlaced.FromV2(global::Shop.OrderPlaced.FromV1(global::Sagas.SagaJson.Deserialize<global::Shop.OrderPlacedV1>(body, options)",
            GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"],
            StringComparison.Ordinal);

        var context = new System.Runtime.Loader.AssemblyLoadContext("upcasters", isCollectible: true);
        try
        {
            var contractsAssembly = context.LoadFromStream(new MemoryStream(contracts));
            Assert.Equal(contractsUseSagas, contractsAssembly.GetType("Sagas.Generated.Shop.Contracts.MessageRegistry") is not null);
            var billing = context.LoadFromStream(new MemoryStream(CrossAssemblyTests.Emit(output)));
            var registry = (IMessageRegistry)billing.GetType("Sagas.Generated.Shop.Billing.MessageRegistry")!.GetField("Instance")!.GetValue(null)!;
            var orderId = Guid.NewGuid();

            Assert.True(registry.TryDeserialize("orders.placed", 1, System.Text.Encoding.UTF8.GetBytes($$"""{"orderId":"{{orderId}}","total":9.5}"""), SagaJson.CreateOptions(), out var message));

            Assert.Equal($"OrderPlaced {{ OrderId = {orderId}, Amount = 9.5, Currency = EUR }}", message.ToString());
            Assert.Equal(3, registry.VersionOf(contractsAssembly.GetType("Shop.OrderPlaced")!));
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task<Diagnostic> SingleAsync(string markup, string id)
    {
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new VersionAnalyzer(), markup);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        return diagnostic;
    }
}
