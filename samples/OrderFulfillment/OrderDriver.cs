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
}

/// <summary>Places the orders, waits until every saga has finished, prints the outcome and stops the app.</summary>
public sealed class OrderDriver(
    IMessageBus bus,
    OrderOutcomes outcomes,
    IOptions<DriverOptions> options,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            for (var i = 1; i <= settings.Orders; i++)
            {
                var sku = settings.StockOutEvery > 0 && i % settings.StockOutEvery == 0 ? InventoryService.OutOfStockSku : "sku-" + i;
                await bus.PublishAsync(new OrderPlaced(Guid.NewGuid(), 10m * i, sku), stoppingToken);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(settings.Timeout);
            await outcomes.WaitForAsync(settings.Orders, timeout.Token);
            Console.WriteLine($"Orders: {settings.Orders} placed, {outcomes.Completed} completed, {outcomes.Compensated} compensated, {outcomes.Failed} failed");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Only {outcomes.Finished} of {settings.Orders} orders finished within {settings.Timeout}.");
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
