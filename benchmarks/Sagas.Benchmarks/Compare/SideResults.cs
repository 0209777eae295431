namespace Sagas.Benchmarks.Compare;

/// <summary>What every round measured of one side: the median of each figure, or why the side failed.</summary>
internal sealed class SideResults(CompareSide side, IReadOnlyList<Measurement> rounds)
{
    public CompareSide Side => side;

    public IReadOnlyList<Measurement> Rounds => rounds;

    /// <summary>Why the side does not count: a round that failed fails the side.</summary>
    public string? Failure => rounds.Count == 0
        ? "not measured"
        : rounds.Select((r, i) => r.Failure is null ? null : $"round {i + 1}: {r.Failure}").FirstOrDefault(f => f is not null);

    public double Median(string figure)
    {
        var values = rounds.Select(r => r[figure]).Order().ToArray();
        return values.Length == 0 ? double.NaN
            : values.Length % 2 == 1 ? values[values.Length / 2]
            : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }

    public (double Min, double Max) Range(string figure) => (rounds.Min(r => r[figure]), rounds.Max(r => r[figure]));
}
