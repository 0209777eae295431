using System.Text.Json;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// What one child process measured, sent to the parent as one line of JSON on standard output:
/// named figures, or the reason the side failed (a failed side is never reported as a figure).
/// </summary>
/// <param name="Figures">The figures, by the names in <see cref="Figure"/>.</param>
/// <param name="Failure">Why the measurement does not count; <see langword="null"/> when it does.</param>
/// <param name="Notes">Facts about the run worth printing (settings, versions).</param>
internal sealed record Measurement(Dictionary<string, double> Figures, string? Failure, Dictionary<string, string> Notes)
{
    /// <summary>Marks the result line among whatever else the child prints.</summary>
    public const string LinePrefix = "COMPARE-RESULT ";

    public static Measurement Failed(string reason) => new([], reason, []);

    public double this[string figure] => Figures.TryGetValue(figure, out var value) ? value : double.NaN;

    public string ToLine() => LinePrefix + JsonSerializer.Serialize(this);

    public static Measurement? FromLine(string line) =>
        line.StartsWith(LinePrefix, StringComparison.Ordinal) ? JsonSerializer.Deserialize<Measurement>(line[LinePrefix.Length..]) : null;
}

/// <summary>The names of the figures a child reports.</summary>
internal static class Figure
{
    public const string TransitionsPerSecond = "transitions/s";
    public const string BytesPerTransition = "bytes/transition";
    public const string PeakWorkingSet = "peak working set";
    public const string GcPauseShare = "GC pause share";
    public const string Transitions = "transitions";
    public const string Seconds = "seconds";
    public const string NanosecondsPerOperation = "ns/op";
    public const string BytesPerOperation = "bytes/op";
    public const string Operations = "operations";
    public const string CommandsPerTransition = "commands sent/transition";
    public const string RoundTripsPerTransition = "awaited round trips/transition";
    public const string CeilingScriptsPerSecond = "ceiling scripts/s";
    public const string StoreOnlyTransitionsPerSecond = "store only transitions/s";
}
