using System.Diagnostics;
using OrderFulfillment;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// The in-memory workflow, the same for both sides, in a child process of its own: a warm-up of as
/// many sagas as are measured, then the measured sagas, each part placed in <see cref="Waves"/>
/// waves (a wave is placed at once, and the next waits until it has finished). One order in
/// <see cref="Orders.StockOutEvery"/> is out of stock and compensates. Afterwards every saga's state
/// is read from the side's store: a side whose sagas did not all end as expected has failed.
/// </summary>
internal static class WorkflowRun
{
    public const int Waves = 4;

    private static readonly TimeSpan WaveTimeout = TimeSpan.FromMinutes(3);

    public static async Task<Measurement> RunAsync(IWorkflowSide side, int sagas)
    {
        await side.StartAsync();
        try
        {
            // Made before the clock starts, so neither side pays for the orders themselves.
            var warmup = Place(sagas);
            var measured = Place(sagas);

            foreach (var wave in Split(warmup))
            {
                await RunWaveAsync(side, wave);
            }

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var transitionsBefore = side.Tally.Transitions;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var pausedBefore = GC.GetTotalPauseDuration();
            var clock = Stopwatch.StartNew();
            foreach (var wave in Split(measured))
            {
                await RunWaveAsync(side, wave);
            }

            var wall = clock.Elapsed;
            var paused = GC.GetTotalPauseDuration() - pausedBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var transitions = side.Tally.Transitions - transitionsBefore;
            using var self = Process.GetCurrentProcess();
            var peakWorkingSet = self.PeakWorkingSet64; // before the check below reads every saga back

            var failure = await VerifyAsync(side, [.. warmup, .. measured], transitions, sagas);
            if (failure is not null)
            {
                return Measurement.Failed(failure);
            }

            var figures = new Dictionary<string, double>
            {
                [Figure.Transitions] = transitions,
                [Figure.Seconds] = wall.TotalSeconds,
                [Figure.TransitionsPerSecond] = transitions / wall.TotalSeconds,
                [Figure.BytesPerTransition] = (double)allocated / transitions,
                [Figure.PeakWorkingSet] = peakWorkingSet,
                [Figure.GcPauseShare] = paused / wall,
            };
            Console.Error.WriteLine(
                $"  {side.Name}: {transitions:N0} transitions in {wall.TotalSeconds:N2} s = {transitions / wall.TotalSeconds:N0}/s, "
                + $"{(double)allocated / transitions:N0} B/transition, peak working set {peakWorkingSet / 1048576.0:N0} MiB, GC pauses {paused / wall:P1}");
            return new Measurement(figures, null, new Dictionary<string, string>(side.Notes));
        }
        catch (WorkflowFailedException e)
        {
            return Measurement.Failed(e.Message);
        }
        finally
        {
            await side.DisposeAsync();
        }
    }

    private static OrderPlaced[] Place(int count) => [.. Enumerable.Range(0, count).Select(_ => Orders.Next())];

    private static IEnumerable<OrderPlaced[]> Split(OrderPlaced[] orders) => orders.Chunk((orders.Length + Waves - 1) / Waves);

    private static async Task RunWaveAsync(IWorkflowSide side, OrderPlaced[] wave)
    {
        var target = side.Tally.Finished + wave.Length;
        foreach (var order in wave)
        {
            await side.PlaceAsync(order);
        }

        await side.Tally.WaitForAsync(target, WaveTimeout);
    }

    // Every saga ended, in the state its order calls for; the transitions counted are four per measured saga.
    private static async Task<string?> VerifyAsync(IWorkflowSide side, OrderPlaced[] orders, long transitions, int measured)
    {
        var expectedCompensated = orders.Count(o => o.Sku == InventoryService.OutOfStockSku);
        if (expectedCompensated == 0)
        {
            return "no order was out of stock: the run did not exercise the compensation";
        }

        if (transitions != 4L * measured)
        {
            return $"{transitions:N0} transitions counted for {measured:N0} measured sagas; each makes 4";
        }

        if (side.Tally.Completed != orders.Length - expectedCompensated || side.Tally.Compensated != expectedCompensated || side.Tally.Otherwise != 0)
        {
            return $"counted {side.Tally.Completed:N0} completed, {side.Tally.Compensated:N0} compensated and {side.Tally.Otherwise:N0} otherwise finished; expected {orders.Length - expectedCompensated:N0}, {expectedCompensated:N0} and 0";
        }

        var states = await side.ReadStatesAsync([.. orders.Select(o => o.OrderId)]);
        var wrong = orders
            .Select(o => (o.OrderId, Expected: o.Sku == InventoryService.OutOfStockSku ? "Compensated" : "Completed", Actual: states.GetValueOrDefault(o.OrderId, "(missing)")))
            .Where(o => o.Expected != o.Actual)
            .ToList();
        return wrong.Count == 0
            ? null
            : $"{wrong.Count:N0} of {orders.Length:N0} sagas are not in the state their order calls for in the store (first: {wrong[0].OrderId} {wrong[0].Actual}, expected {wrong[0].Expected})";
    }
}
