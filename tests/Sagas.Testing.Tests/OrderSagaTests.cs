// README.md's Testing section holds this file's code between the two markers, verbatim (ReadmeTests).
// README Testing: begin
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrderFulfillment;
using Sagas.Testing;

public sealed class OrderSagaTests
{
    private static SagaTestHarness NewHarness() => new(services =>
    {
        services.AddSingleton<IRefundLedger, InMemoryRefundLedger>();
        return services.AddSagas().AddPaymentService().AddInventoryService().AddShippingService();
    });

    [Fact]
    public async Task A_placed_order_is_paid_reserved_shipped_and_completed()
    {
        await using var harness = NewHarness();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(new OrderPlaced(orderId, 25m, "sku-1"));
        await harness.IdleAsync();

        var order = await harness.GetSagaAsync<OrderSaga, OrderData>(orderId);
        Assert.Equal("Completed", order!.State);
        Assert.Equal(["AwaitingPayment", "AwaitingStock", "AwaitingShipment", "Completed"], order.States);
        Assert.StartsWith("pay-", order.Data.PaymentId);
        Assert.Single(harness.Published.Select<OrderShipped>());
        Assert.Equal([OrderSaga.PaymentTimeout, OrderSaga.ShipmentTimeout], harness.Scheduled.Select(s => s.DeliverAt - harness.Time.Start));
        Assert.Empty(order.Scheduled); // both timeouts cancelled
    }

    [Fact]
    public async Task A_lost_shipment_times_out_and_the_order_is_compensated()
    {
        await using var harness = NewHarness();
        harness.Reply<ShipOrder>(_ => null); // the shipping service never answers
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(new OrderPlaced(orderId, 25m, "sku-1"));
        await harness.IdleAsync();
        Assert.Equal("AwaitingShipment", (await harness.GetSagaAsync<OrderSaga, OrderData>(orderId))!.State);

        await harness.AdvanceTimeAsync(OrderSaga.ShipmentTimeout);

        var order = await harness.GetSagaAsync<OrderSaga, OrderData>(orderId);
        Assert.Equal("Compensated", order!.State);
        Assert.Single(harness.Published.Select<StockReleased>());
        Assert.True(harness.Sent.Any<RefundPayment>(r => r.OrderId == orderId));
    }

    [Fact]
    public async Task A_declined_payment_drops_the_order()
    {
        await using var harness = NewHarness();
        harness.Reply<CapturePayment>(c => new PaymentDeclined(c.OrderId, "card declined"));
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(new OrderPlaced(orderId, 25m, "sku-1"));
        await harness.IdleAsync();

        Assert.Equal("Compensated", (await harness.GetSagaAsync<OrderSaga, OrderData>(orderId))!.State);
        Assert.False(harness.Sent.Any<ReserveStock>());
    }

    [Fact]
    public async Task The_inventory_service_reports_an_item_out_of_stock()
    {
        var context = new TestMessageContext();
        var inventory = new InventoryService(Options.Create(new InjectedFailures()));

        await inventory.HandleAsync(new ReserveStock(Guid.NewGuid(), InventoryService.OutOfStockSku), context.Context, default);

        Assert.Single(context.Published.Select<StockUnavailable>());
    }
}
// README Testing: end
