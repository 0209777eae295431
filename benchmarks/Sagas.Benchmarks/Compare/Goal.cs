using System.Globalization;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// One of issue 12's goals: what it asks, and whether a figure meets it. A goal is on Sagas' figure
/// alone, or on its ratio to the first peer of its row.
/// </summary>
internal abstract record Goal(string Text)
{
    /// <summary>"met", or by how much the figure misses.</summary>
    public abstract string Verdict(double sagas, double peer);

    /// <summary>Sagas ÷ peer at least <paramref name="Times"/> (more is better: throughput).</summary>
    public sealed record AtLeastTimesPeer(double Times, string Text) : Goal(Text)
    {
        public override string Verdict(double sagas, double peer) => sagas / peer >= Times ? "met" : Invariant($"missed by {Times / (sagas / peer):0.0}×");
    }

    /// <summary>Sagas ÷ peer at most <paramref name="Times"/> (less is better: bytes, memory).</summary>
    public sealed record AtMostTimesPeer(double Times, string Text) : Goal(Text)
    {
        public override string Verdict(double sagas, double peer) => sagas / peer <= Times ? "met" : Invariant($"missed by {sagas / peer / Times:0.0}×");
    }

    /// <summary>Sagas' figure at most <paramref name="Limit"/> (inclusive), shown with <paramref name="Format"/>.</summary>
    public sealed record AtMost(double Limit, Func<double, string> Format, string Text) : Goal(Text)
    {
        public override string Verdict(double sagas, double peer) => sagas <= Limit ? "met" : Invariant($"missed by {Format(sagas - Limit)} ({sagas / Limit:0.0}×)");
    }

    /// <summary>Sagas' share strictly below <paramref name="Limit"/> (a fraction of 1).</summary>
    public sealed record ShareBelow(double Limit, string Text) : Goal(Text)
    {
        public override string Verdict(double sagas, double peer) => sagas < Limit ? "met" : Invariant($"missed by {(sagas - Limit) * 100:0.0} points");
    }

    /// <summary>Sagas ÷ peer at least <paramref name="Share"/> (a fraction of 1).</summary>
    public sealed record AtLeastShareOfPeer(double Share, string Text) : Goal(Text)
    {
        public override string Verdict(double sagas, double peer) => sagas / peer >= Share ? "met" : Invariant($"missed by {(Share - sagas / peer) * 100:0.0} points");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
