using System.Globalization;
using Sagas.Benchmarks.Compare;

namespace Sagas.Benchmarks;

/// <summary>
/// The "mediatr-bridge" mode: what the generated MediatR bridge adds to a publish. MediatR 5.1.0
/// <c>Publish</c> to one counting handler, against the same publish of an <c>[Event]</c> through
/// <c>AddMediatRBridge()</c> onto the Sagas bus (in-memory transport, each message taken off the
/// queue). The two alternate for R rounds (default 5); each row is the median, by the compare mode's
/// loop (1 s warm-up, batches of about 100 ms, median batch).
/// </summary>
internal static class MediatRBridgeCost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = 5;
        if (args.Length > 0 && (args.Length != 2 || args[0] != "--rounds" || !int.TryParse(args[1], CultureInfo.InvariantCulture, out rounds) || rounds < 1))
        {
            Console.Error.WriteLine("Usage: dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- mediatr-bridge [--rounds R]");
            return 2;
        }

        var plain = new List<Measurement>();
        var bridged = new List<Measurement>();
        for (var round = 1; round <= rounds; round++)
        {
            plain.Add(await OperationLoop.RunAsync(new MediatRSide()));
            bridged.Add(await OperationLoop.RunAsync(new MediatRBridgeSide()));
            Console.WriteLine($"round {round}: plain {plain[^1][Figure.NanosecondsPerOperation]:F0} ns, bridged {bridged[^1][Figure.NanosecondsPerOperation]:F0} ns");
        }

        foreach (var failed in plain.Concat(bridged).Where(m => m.Failure is not null))
        {
            Console.Error.WriteLine(failed.Failure);
            return 1;
        }

        Console.WriteLine($"MediatR bridge, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {rounds} rounds (median):");
        Console.WriteLine("| publish | ns per publish | bytes per publish |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| MediatR 5.1.0 `Publish`, one handler | {Median(plain, Figure.NanosecondsPerOperation):F0} | {Median(plain, Figure.BytesPerOperation):F0} |");
        Console.WriteLine($"| the same through `AddMediatRBridge()` to the Sagas bus (in memory) | {Median(bridged, Figure.NanosecondsPerOperation):F0} | {Median(bridged, Figure.BytesPerOperation):F0} |");
        return 0;
    }

    private static double Median(List<Measurement> runs, string figure)
    {
        var sorted = runs.Select(r => r[figure]).Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
