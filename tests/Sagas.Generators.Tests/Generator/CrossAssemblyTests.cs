using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Generator;

/// <summary>
/// Sagas in one project, used from another: the referencing project's registry and router compose
/// the referenced project's through its [SagaModule], found at compile time.
/// </summary>
public sealed class CrossAssemblyTests
{
    [Fact]
    public void A_project_routes_to_the_sagas_of_a_project_it_references()
    {
        var orders = Build(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga).WithAssemblyName("Shop.Orders"));
        var shipping = TestCompilation.Create(Sources.ShipmentSaga).WithAssemblyName("Shop.Shipping")
            .AddReferences(MetadataReference.CreateFromImage(orders));

        var (driver, output) = GeneratorHarness.Run(shipping);
        var registry = GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"];
        Assert.Contains("s_referenced = [global::Sagas.Generated.Shop.Orders.SagaRouter.Instance]", registry);

        // Run it: the Shipping router, handed an Orders event, routes it to the Orders saga.
        var context = new AssemblyLoadContext("cross-assembly", isCollectible: true);
        try
        {
            var ordersAssembly = context.LoadFromStream(new MemoryStream(orders));
            var shippingAssembly = context.LoadFromStream(new MemoryStream(Emit(output)));
            var router = (ISagaRouter)shippingAssembly.GetType("Sagas.Generated.Shop.Shipping.SagaRouter")!.GetField("Instance")!.GetValue(null)!;
            var orderId = Guid.NewGuid();
            var placed = Activator.CreateInstance(ordersAssembly.GetType("Shop.Orders.OrderPlaced")!, orderId, 5m)!;

            var routes = new List<SagaRoute>();
            router.Route(placed, routes);

            var route = Assert.Single(routes);
            Assert.Equal("Shop.Orders.OrderSaga", route.Saga.Name);
            Assert.Equal(orderId.ToString("D"), route.CorrelationKey);

            // A transport subscribes to what the sagas of both projects handle.
            Assert.Contains("OrderPlaced", router.HandledWireNames);
            Assert.Contains("ShipmentRequested", router.HandledWireNames);
            Assert.DoesNotContain("CapturePayment", router.HandledWireNames); // sent by the order saga, handled by none
            var registryInstance = (IMessageRegistry)shippingAssembly.GetType("Sagas.Generated.Shop.Shipping.MessageRegistry")!.GetField("Instance")!.GetValue(null)!;
            Assert.True(registryInstance.TryGetWireName(placed, out var wireName));
            Assert.Equal("OrderPlaced", wireName);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void A_project_without_messages_of_its_own_composes_the_referenced_ones()
    {
        var orders = Build(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga).WithAssemblyName("Shop.Orders"));
        var host = TestCompilation.Create("namespace Shop.Host; public static class Nothing { }").WithAssemblyName("Shop.Host")
            .AddReferences(MetadataReference.CreateFromImage(orders));

        var (driver, _) = GeneratorHarness.Run(host);

        Assert.Contains("s_referenced = [global::Sagas.Generated.Shop.Orders.SagaRouter.Instance]", GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"]);
    }

    internal static byte[] Build(Compilation compilation) => Emit(GeneratorHarness.Run((Microsoft.CodeAnalysis.CSharp.CSharpCompilation)compilation).Output);

    internal static byte[] Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return stream.ToArray();
    }
}
