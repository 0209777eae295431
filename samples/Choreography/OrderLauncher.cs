using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sagas;

namespace Choreography;

/// <summary>
/// Places the orders, each the start of a flow keyed by its order id, waits until every flow has
/// ended, prints the outcome counts and the flow of one compensated order, and stops.
/// </summary>
public sealed class OrderLauncher(
    IMessageBus bus,
    IFlowHistory flows,
    FlowOutcomes outcomes,
    IOptions<LauncherOptions> options,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            var orders = Enumerable.Range(1, settings.Orders).Select(settings.Order).ToList();
            orders.ForEach(o => outcomes.Follow(o.OrderId));
            foreach (var order in orders)
            {
                await bus.PublishAsync(order, order.OrderId.ToString("D"), stoppingToken);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(settings.Timeout);
            await outcomes.WaitForAllAsync(timeout.Token);
            Console.WriteLine($"Orders: {settings.Orders} placed, {outcomes.Completed} completed, {outcomes.Rejected} rejected, {outcomes.Compensated} compensated");
            await PrintFlowAsync(stoppingToken);
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

    // The flow history is the only place the whole of a choreographed flow is written down.
    private async Task PrintFlowAsync(CancellationToken cancellationToken)
    {
        if (outcomes.FirstCompensated is { } orderId)
        {
            var flow = await flows.GetFlowAsync(orderId.ToString("D"), cancellationToken);
            Console.WriteLine($"Flow of order {orderId.ToString("N")[..8]}: {string.Join(" -> ", flow.Select(e => e.MessageType))}");
        }
    }
}
