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
}
