using Microsoft.CodeAnalysis;
using Sagas.Generators.Tests.Analyzers.Workflows;

namespace Sagas.Generators.Tests.Generator;

/// <summary>
/// A message of a contracts project that a saga, workflow or participant sends, from any of its
/// methods, joins the registry: what SAGA030 leaves quiet is what the registry knows.
/// </summary>
public sealed class SentMessageRegistrationTests
{
    [Fact]
    public void A_command_a_saga_sends_only_from_a_compensation_is_registered()
    {
        var registry = RegistryOf(Sources.Contracts, Sources.OrderSaga);

        Assert.Contains("case \"RefundPayment\":", registry, StringComparison.Ordinal); // sent by Refund, no handler
    }

    [Fact]
    public void A_command_a_workflow_sends_from_a_compensation_is_registered()
    {
        var workflow = WorkflowAnalyzerTests.Workflow;
        var split = workflow.IndexOf("public sealed class OrderData", StringComparison.Ordinal);

        var registry = RegistryOf(workflow[..split], "using System;\nusing Sagas;\n\nnamespace Shop;\n\n" + workflow[split..]);

        Assert.Contains("case \"RefundPayment\":", registry, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_a_participant_publishes_is_registered()
    {
        const string inventory = """
            using System.Threading;
            using System.Threading.Tasks;
            using Sagas;

            namespace Shop.Inventory;

            [Participant]
            public sealed class InventoryService : IMessageHandler<Shop.Orders.ReserveStock>
            {
                public ValueTask HandleAsync(Shop.Orders.ReserveStock message, MessageContext context, CancellationToken cancellationToken)
                {
                    context.Publish(new Shop.Orders.StockReserved(message.OrderId));
                    return default;
                }
            }
            """;

        var registry = RegistryOf(Sources.Contracts, inventory);

        Assert.Contains("case \"StockReserved\":", registry, StringComparison.Ordinal);
    }

    // The generated registry of a project whose messages live in a contracts project built without the generator.
    private static string RegistryOf(string contracts, string project)
    {
        var contractsImage = CrossAssemblyTests.Emit(TestCompilation.Create(contracts).WithAssemblyName("Shop.Contracts"));
        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(project).AddReferences(MetadataReference.CreateFromImage(contractsImage)));
        return GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"];
    }
}
