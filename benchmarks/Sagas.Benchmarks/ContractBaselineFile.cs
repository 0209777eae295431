using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Sagas.Benchmarks;

/// <summary>
/// The synthetic project's sagas.contracts.txt as the build writes it (the generator's block, copied
/// out as the package's targets do), handed to the generator and the analyzer as an AdditionalFile;
/// and the <c>SagasContractBaseline</c> switch, as the compiler passes it.
/// </summary>
internal sealed partial class ContractBaselineFile(string text) : AdditionalText
{
    public static readonly AnalyzerConfigOptionsProvider On = new Switch();

    public override string Path => "/bench/sagas.contracts.txt";

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);

    /// <summary>The baseline in the run's <c>Sagas.Contracts.g.cs</c>; fails when there is none.</summary>
    public static ContractBaselineFile Write(GeneratorDriver run)
    {
        var generated = run.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("Sagas.Contracts.g.cs", StringComparison.Ordinal)).ToString();
        var block = Block().Match(generated);
        return block.Success && block.Groups[1].Value.Contains("\nsaga ", StringComparison.Ordinal)
            ? new ContractBaselineFile(block.Groups[1].Value + "\n")
            : throw new InvalidOperationException("The generator wrote no contract baseline for the synthetic project:\n" + generated[..Math.Min(generated.Length, 500)]);
    }

    [GeneratedRegex("(?s)#if false // BEGIN contracts\\r?\\n(.*?)\\r?\\n#endif // END contracts")]
    private static partial Regex Block();

    private sealed class Switch : AnalyzerConfigOptionsProvider
    {
        private static readonly Options Global = new(new() { ["build_property.SagasContractBaseline"] = "true" });

        public override AnalyzerConfigOptions GlobalOptions => Global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new([]);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
