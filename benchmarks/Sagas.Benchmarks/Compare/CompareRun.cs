using System.Diagnostics;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// The "compare" mode: Sagas beside what users would pick instead, for each of issue 12's goals.
/// Every round measures each side once, in turn (Sagas, then its peers), each in a fresh child
/// process of this executable; the table shows the medians of the rounds, their ratios, and
/// whether each goal is met.
/// </summary>
internal static class CompareRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!CompareOptions.TryParse(args, out var options))
        {
            Console.Error.WriteLine(CompareOptions.Usage);
            return 2;
        }

        using var cancel = new StopOnSignals();

        var sides = CompareSide.All.Where(s => options.Only is null || s.Section == options.Only).ToList();
        string? skipped = null;
        if (sides.Any(s => s.Section == CompareSection.Redis) && !RedisSide.ServerInstalled)
        {
            skipped = $"The Redis part was skipped: {RedisServerProcess.Binary} is missing (apt-get install redis-server).";
            Console.Error.WriteLine(skipped);
            sides.RemoveAll(s => s.Section == CompareSection.Redis);
        }

        var rounds = sides.ToDictionary(s => s.Key, _ => new List<Measurement>());
        var started = DateTime.UtcNow;
        var loadBefore = LoadAverage();
        var clock = Stopwatch.StartNew();
        try
        {
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var side in sides)
                {
                    Console.Error.WriteLine($"round {round} of {options.Rounds}: {side.Name} ...");
                    var measurement = await ChildProcess.MeasureAsync(side, options, cancel.Token);
                    if (measurement.Failure is not null)
                    {
                        Console.Error.WriteLine($"  {side.Name} FAILED: {measurement.Failure}");
                    }

                    rounds[side.Key].Add(measurement);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cancelled.");
            return 130;
        }

        var results = sides.ToDictionary(s => s.Key, s => new SideResults(s, rounds[s.Key]));
        Console.WriteLine(CompareTable.Write(results, options, started, clock.Elapsed, $"{loadBefore} at the start, {LoadAverage()} at the end"));
        Console.WriteLine(CompareNotes.Write(results, options));
        if (skipped is not null)
        {
            Console.WriteLine(skipped);
        }

        return 0;
    }

    // Other work on the machine moves the absolute figures (the sides of a round share it alike): the 1-minute load average, read from Linux's /proc/loadavg.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
