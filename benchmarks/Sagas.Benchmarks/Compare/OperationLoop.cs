using System.Diagnostics;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// Times one <see cref="IHandlerSide"/> in a tight loop on one thread: a warm-up of at least
/// <see cref="Warmup"/> (so the JIT has tiered up), then <see cref="Batches"/> batches of about
/// <see cref="BatchLength"/> each; the median batch gives the time per operation, and the bytes
/// allocated over all batches ÷ their operations the bytes per operation.
/// </summary>
internal static class OperationLoop
{
    private const int Batches = 9;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BatchLength = TimeSpan.FromMilliseconds(100);

    public static async Task<Measurement> RunAsync(IHandlerSide side)
    {
        await side.StartAsync();
        try
        {
            long operations = 0;
            var count = 16;
            var clock = Stopwatch.StartNew();
            var last = TimeSpan.Zero;
            while (clock.Elapsed < Warmup)
            {
                var before = clock.Elapsed;
                operations += await side.RunAsync(count);
                last = clock.Elapsed - before;
                if (last < BatchLength)
                {
                    count *= 2;
                }
            }

            // The warm-up's last calls say how many units fill a batch.
            var perBatch = (int)Math.Clamp(count * (BatchLength / TimeSpan.FromTicks(Math.Max(last.Ticks, 1))), 1, int.MaxValue);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var nanosecondsPerOperation = new double[Batches];
            long measured = 0;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var pausedBefore = GC.GetTotalPauseDuration();
            var loop = Stopwatch.StartNew();
            for (var batch = 0; batch < Batches; batch++)
            {
                var start = Stopwatch.GetTimestamp();
                var done = await side.RunAsync(perBatch);
                nanosecondsPerOperation[batch] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / done;
                measured += done;
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var pauseShare = (GC.GetTotalPauseDuration() - pausedBefore) / loop.Elapsed;
            operations += measured;
            if (side.Counted != operations)
            {
                return Measurement.Failed($"the handlers counted {side.Counted:N0} operations; the loop made {operations:N0}");
            }

            Array.Sort(nanosecondsPerOperation);
            var median = nanosecondsPerOperation[Batches / 2];
            var bytes = (double)allocated / measured;
            Console.Error.WriteLine(
                $"  {side.Name}: {median:N1} ns and {bytes:N0} B per operation ({measured:N0} measured in {Batches} batches, {operations - measured:N0} to warm up; "
                + $"batches {nanosecondsPerOperation[0]:N1}–{nanosecondsPerOperation[^1]:N1} ns; GC pauses {pauseShare:P1} of the batches' time)");
            return new Measurement(
                new Dictionary<string, double>
                {
                    [Figure.NanosecondsPerOperation] = median,
                    [Figure.BytesPerOperation] = bytes,
                    [Figure.Operations] = measured,
                    [Figure.GcPauseShare] = pauseShare,
                },
                null,
                []);
        }
        finally
        {
            await side.DisposeAsync();
        }
    }
}
