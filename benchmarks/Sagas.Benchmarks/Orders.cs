using OrderFulfillment;

namespace Sagas.Benchmarks;

/// <summary>The orders the benchmark places: one in ten is out of stock, so its saga compensates (refunds the payment and awaits the refund).</summary>
internal static class Orders
{
    public const int StockOutEvery = 10;

    private static long _placed;

    public static OrderPlaced Next()
    {
        var n = Interlocked.Increment(ref _placed);
        var sku = n % StockOutEvery == 0 ? InventoryService.OutOfStockSku : "sku-" + (n % 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new OrderPlaced(Guid.NewGuid(), 10m + (n % 90), sku);
    }
}
