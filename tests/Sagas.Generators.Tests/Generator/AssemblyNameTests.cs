using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Generator;

/// <summary>
/// The generated namespace is made of the assembly name: every assembly name a project can have
/// gives one that compiles, keywords and characters not allowed in identifiers included.
/// </summary>
public sealed class AssemblyNameTests
{
    [Theory]
    [InlineData("case", "Sagas.Generated.@case")]
    [InlineData("Shop.event", "Sagas.Generated.Shop.@event")]
    [InlineData("Shop.record.async", "Sagas.Generated.Shop.@record.@async")]
    [InlineData("Shop.Api-2.1st", "Sagas.Generated.Shop.Api_2._1st")]
    public void An_assembly_name_becomes_a_namespace_that_compiles(string assemblyName, string expected)
    {
        // Run fails unless the generated code compiles without a warning.
        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga).WithAssemblyName(assemblyName));

        Assert.Contains($"namespace {expected}\n", GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_composes_a_referenced_project_whose_name_is_a_keyword()
    {
        var orders = CrossAssemblyTests.Build(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga).WithAssemblyName("Shop.event"));
        var host = TestCompilation.Create(Sources.ShipmentSaga).WithAssemblyName("Shop.Host").AddReferences(MetadataReference.CreateFromImage(orders));

        var (driver, _) = GeneratorHarness.Run(host);

        Assert.Contains("s_referenced = [global::Sagas.Generated.Shop.@event.SagaRouter.Instance]", GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"], StringComparison.Ordinal);
    }
}
