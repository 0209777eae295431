using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas;

namespace OrderFulfillment;

/// <summary>How many orders the sample places, and how often an item is out of stock.</summary>
public sealed class DriverOptions
{
    public int Orders { get; set; } = 8;

    public int StockOutEvery { get; set; } = 4;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether the app goes on once the orders are counted: while the inspector page is served.</summary>
    public bool KeepRunning { get; set; }
}

/// <summary>
/// Places the orders, waits until every saga has finished, prints the outcome and stops the app.
/// The outcome is read from the saga store, so it counts the orders that other processes finished.
/// </summary>
public sealed class OrderDriver(
    IMessageBus bus,
    OrderOutcomes outcomes,
    IOptions<DriverOptions> options,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly TimeSpan CountInterval = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var placed = new List<Guid>(settings.Orders);
        var counts = new OrderCounts(settings.Orders, 0, 0, 0);
        try
        {
            for (var i = 1; i <= settings.Orders; i++)
            {
                var sku = settings.StockOutEvery > 0 && i % settings.StockOutEvery == 0 ? InventoryService.OutOfStockSku : "sku-" + i;
                var orderId = Guid.NewGuid();
                placed.Add(orderId);
                await bus.PublishAsync(new OrderPlaced(orderId, 10m * i, sku), stoppingToken);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(settings.Timeout);
            while ((counts = await outcomes.CountAsync(placed, timeout.Token)).Finished < settings.Orders)
            {
                await Task.Delay(CountInterval, timeout.Token);
            }

            Console.WriteLine($"Orders: {settings.Orders} placed, {counts.Completed} completed, {counts.Compensated} compensated, {counts.Failed} failed");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Only {counts.Finished} of {settings.Orders} orders finished within {settings.Timeout}.");
            Environment.ExitCode = 1;
        }
        finally
        {
            if (settings.KeepRunning)
            {
                Console.WriteLine("Still running for the inspector; Ctrl+C stops.");
            }
            else
            {
                lifetime.StopApplication();
            }
        }
    }
}
