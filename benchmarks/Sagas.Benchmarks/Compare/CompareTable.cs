using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Sagas.Benchmarks.Compare;

/// <summary>Writes the one Markdown table of the compare mode: medians, ratios, goals and verdicts, with the run's facts above it.</summary>
internal static class CompareTable
{
    public static string Write(IReadOnlyDictionary<string, SideResults> results, CompareOptions options, DateTime started, TimeSpan took, string load)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"### Sagas compared ({started:yyyy-MM-dd HH:mm} UTC)"));
        text.AppendLine();
        text.Append(Invariant($"{started:yyyy-MM-dd} · Environment.ProcessorCount {Environment.ProcessorCount} · {RuntimeInformation.FrameworkDescription} · "));
        text.Append(Invariant($"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}) · machine {Environment.MachineName} · "));
        text.Append(Invariant($"{options.Rounds} round(s), medians; each side in a fresh process, the sides of a part measured in turn in every round · "));
        text.AppendLine(Invariant($"workflow: {options.Sagas:N0} sagas measured after {options.Sagas:N0} to warm up, in {WorkflowRun.Waves} waves each · the whole run took {took.TotalMinutes:0.0} min · load average {load}"));
        text.AppendLine();
        text.AppendLine("| comparison | measure | Sagas | compared with | Sagas ÷ it | goal | result |");
        text.AppendLine("| --- | --- | ---: | --- | ---: | --- | --- |");
        foreach (var row in CompareRows.All.Where(r => results.ContainsKey(r.Sagas.SideKey)))
        {
            text.AppendLine(Row(row, results));
        }

        return text.ToString();
    }

    private static string Row(CompareRow row, IReadOnlyDictionary<string, SideResults> results)
    {
        var sagas = results[row.Sagas.SideKey];
        var sagasFailure = sagas.Failure;
        var sagasValue = sagas.Median(row.Sagas.Figure);
        var peers = row.Peers.Select(p => (Figure: p, Results: results.GetValueOrDefault(p.SideKey))).ToList();
        var compared = string.Join("; ", peers.Select(p => $"{p.Figure.Label}: {Cell(p.Results, p.Figure, row.Format)}"));
        var ratios = row.Ratio == RatioStyle.None || sagasFailure is not null
            ? ""
            : string.Join(" / ", peers.Select(p => p.Results is null || p.Results.Failure is not null ? "–" : RatioText(row.Ratio, sagasValue / p.Results.Median(p.Figure.Figure))));
        var verdict = row.Goal is null ? ""
            : sagasFailure is not null ? "not measured: Sagas failed"
            : peers.Count > 0 && (peers[0].Results is null || peers[0].Results!.Failure is not null) && row.Ratio != RatioStyle.None ? "not measured: the peer failed"
            : row.Goal.Verdict(sagasValue, peers.Count > 0 && peers[0].Results is { } first ? first.Median(peers[0].Figure.Figure) : double.NaN);
        return $"| {row.Comparison} | {row.Measure} | {Cell(sagas, row.Sagas, row.Format)} | {compared} | {ratios} | {row.Goal?.Text ?? ""} | {verdict} |";
    }

    private static string Cell(SideResults? results, FigureOf figure, Func<double, string> format) =>
        results is null ? "not run"
        : results.Failure is { } failure ? "**failed**: " + failure.Replace("|", "/", StringComparison.Ordinal)
        : format(results.Median(figure.Figure));

    private static string RatioText(RatioStyle style, double ratio) => style == RatioStyle.Share ? Formats.Share(ratio) : Formats.Ratio(ratio);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
