namespace Choreography;

/// <summary>How many orders the launcher places and which of them fail where; bound from <c>Launcher</c>.</summary>
public sealed class LauncherOptions
{
    /// <summary>How many orders to place. Default: 12.</summary>
    public int Orders { get; set; } = 12;

    /// <summary>Every n-th order is over the credit limit, and the payment service rejects it (0: none). Default: 6.</summary>
    public int RejectEvery { get; set; } = 6;

    /// <summary>Every n-th order is for an item out of stock: the payment is refunded (0: none). Default: 4.</summary>
    public int StockOutEvery { get; set; } = 4;

    /// <summary>Every n-th order goes where no carrier delivers: the stock is released and the payment refunded (0: none). Default: 5.</summary>
    public int UnshippableEvery { get; set; } = 5;

    /// <summary>With Redis, how many processes the launcher starts per service. Default: 1.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>How long to wait for every order to finish. Default: 2 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The order placed <paramref name="i"/>-th (from 1), with the failures its number calls for.</summary>
    public OrderPlaced Order(int i) => new(
        Guid.NewGuid(),
        Every(i, RejectEvery) ? PaymentService.CreditLimit + 500m : 10m + (i % 90),
        Every(i, StockOutEvery) ? InventoryService.OutOfStockSku : "sku-" + i,
        Every(i, UnshippableEvery) ? ShippingService.UnservedDestination : "Lisbon");

    private static bool Every(int i, int n) => n > 0 && i % n == 0;
}
