using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Generator;

/// <summary>The generator writes a saga's <c>CreateStateMachine</c> only in a project that references Stateless.</summary>
public sealed class StatelessBridgeTests
{
    [Fact]
    public void A_project_with_Stateless_gets_a_state_machine_per_saga_that_compiles()
    {
        var compilation = TestCompilation.Create(Sources.Contracts, Sources.OrderSaga)
            .AddReferences(MetadataReference.CreateFromFile(typeof(Stateless.StateMachine<,>).Assembly.Location));

        var (driver, _) = GeneratorHarness.Run(compilation);

        var bridge = Assert.Single(GeneratorHarness.GeneratedSources(driver), s => s.Key.EndsWith(".Stateless.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("public static global::Stateless.StateMachine<global::Shop.Orders.OrderSaga.State, global::System.Type> CreateStateMachine(", bridge, StringComparison.Ordinal);
        Assert.Contains(".Permit(typeof(global::Shop.Orders.PaymentCaptured), global::Shop.Orders.OrderSaga.State.AwaitingStock)", bridge, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_without_Stateless_gets_none()
    {
        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga));

        Assert.DoesNotContain(GeneratorHarness.GeneratedSources(driver).Keys, k => k.EndsWith(".Stateless.g.cs", StringComparison.Ordinal));
    }
}
