using System.Globalization;

namespace Sagas.Benchmarks.Compare;

/// <summary>How the table writes each kind of figure, invariant of the machine's culture.</summary>
internal static class Formats
{
    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string PerTransition(double value) => value.ToString("N2", CultureInfo.InvariantCulture);

    public static string Bytes(double value) => value.ToString("N0", CultureInfo.InvariantCulture) + " B";

    public static string MiB(double bytes) => (bytes / 1048576).ToString("N0", CultureInfo.InvariantCulture) + " MiB";

    public static string Share(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Nanoseconds(double ns) => ns >= 1000
        ? (ns / 1000).ToString("N2", CultureInfo.InvariantCulture) + " µs"
        : ns.ToString(ns >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture) + " ns";

    public static string Seconds(double seconds) => seconds.ToString("N2", CultureInfo.InvariantCulture) + " s";

    /// <summary>The format of a figure a child reports, by its name.</summary>
    public static Func<double, string> ForFigure(string figure) => figure switch
    {
        Figure.BytesPerTransition or Figure.BytesPerOperation => Bytes,
        Figure.PeakWorkingSet => MiB,
        Figure.GcPauseShare => Share,
        Figure.Seconds => Seconds,
        Figure.NanosecondsPerOperation => Nanoseconds,
        Figure.CommandsPerTransition or Figure.RoundTripsPerTransition => PerTransition,
        _ => Count,
    };

    public static string Ratio(double ratio) => ratio.ToString(ratio >= 100 ? "N0" : ratio >= 10 ? "N1" : "0.00", CultureInfo.InvariantCulture) + "×";
}
