using System.Globalization;

namespace Sagas.Benchmarks.ScaleOut;

/// <summary>The scale mode's command line: how long, how many workers, and on which Redis.</summary>
internal sealed record ScaleOutOptions(int Seconds, int[] WorkerCounts, bool Single, bool Cluster, int Partitions)
{
    public const string Usage =
        "Usage: dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- scale [--seconds N] [--workers 1,2,4] [--single] [--cluster] [--partitions P]\n"
        + "  --seconds N     measured seconds per row (default 10), after a third of that to warm up\n"
        + "  --workers LIST  the worker process counts, one row each (default 1,2,4)\n"
        + "  --single        only the rows on one redis-server\n"
        + "  --cluster       only the rows on a 3-master Redis Cluster (neither flag, or both: the single rows, then the cluster rows)\n"
        + "  --partitions P  stream partitions on the cluster (Sagas:Redis:Streams:Partitions, default 6); one redis-server keeps 1";

    /// <summary>The options, or <see langword="null"/> when the arguments are not understood.</summary>
    public static ScaleOutOptions? Parse(string[] args)
    {
        var options = new ScaleOutOptions(Timing.DefaultSeconds, [1, 2, 4], Single: false, Cluster: false, Partitions: 6);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--single":
                    options = options with { Single = true };
                    break;
                case "--cluster":
                    options = options with { Cluster = true };
                    break;
                case "--seconds" when Positive(value) is { } seconds:
                    options = options with { Seconds = seconds };
                    i++;
                    break;
                case "--partitions" when Positive(value) is { } partitions:
                    options = options with { Partitions = partitions };
                    i++;
                    break;
                case "--workers" when value?.Split(',').Select(Positive).ToArray() is { } counts && counts.All(c => c is not null):
                    options = options with { WorkerCounts = [.. counts.Select(c => c!.Value)] };
                    i++;
                    break;
                default:
                    return null;
            }
        }

        // Neither flag means both.
        return options.Single || options.Cluster ? options : options with { Single = true, Cluster = true };
    }

    private static int? Positive(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;
}
