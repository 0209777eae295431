using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Generator;

/// <summary>The generator writes <c>AddMediatRBridge()</c> only in a project that references MediatR, for its events that are notifications.</summary>
public sealed class MediatRBridgeTests
{
    private static readonly string Notifications = Sources.Contracts
        .Replace("record OrderPlaced(Guid OrderId, decimal Amount);", "record OrderPlaced(Guid OrderId, decimal Amount) : MediatR.INotification;", StringComparison.Ordinal);

    [Fact]
    public void A_project_with_MediatR_bridges_each_event_that_is_a_notification_and_compiles()
    {
        var compilation = TestCompilation.Create(Notifications, Sources.OrderSaga)
            .AddReferences(MetadataReference.CreateFromFile(typeof(MediatR.INotification).Assembly.Location));

        var (driver, _) = GeneratorHarness.Run(compilation);

        var bridge = GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.MediatR.g.cs"];
        Assert.Contains("AddTransient<global::MediatR.INotificationHandler<global::Shop.Orders.OrderPlaced>, Bridge<global::Shop.Orders.OrderPlaced>>", bridge, StringComparison.Ordinal);
        Assert.DoesNotContain("StockReserved", bridge, StringComparison.Ordinal); // not a notification
    }

    [Fact]
    public void A_project_without_MediatR_gets_none()
    {
        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga));

        Assert.DoesNotContain("Sagas.Generated.MediatR.g.cs", GeneratorHarness.GeneratedSources(driver).Keys);
    }

    [Fact]
    public void A_service_bridges_the_notifications_of_a_contracts_project_it_references()
    {
        var mediatr = MetadataReference.CreateFromFile(typeof(MediatR.INotification).Assembly.Location);
        // A contracts project: the message types only, as one that references Sagas.Abstractions alone has.
        var contracts = CrossAssemblyTests.Emit(TestCompilation.Create(Notifications).WithAssemblyName("Shop.Contracts").AddReferences(mediatr));
        var service = TestCompilation.Create("namespace Shop.Service; public static class Startup { }").WithAssemblyName("Shop.Service")
            .AddReferences(mediatr, MetadataReference.CreateFromImage(contracts));

        var (driver, _) = GeneratorHarness.Run(service);

        var bridge = GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.MediatR.g.cs"];
        Assert.Contains("INotificationHandler<global::Shop.Orders.OrderPlaced>", bridge, StringComparison.Ordinal);
        Assert.DoesNotContain("StockReserved", bridge, StringComparison.Ordinal);
    }
}
