using System;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Contracts;
using Sagas.Generators.Model;

namespace Sagas.Generators.Emit;

/// <summary>
/// Writes <c>Sagas.Contracts.g.cs</c>: the project's contracts as the new <c>sagas.contracts.txt</c>,
/// in a block that compiles to nothing, which the package's targets copy into the baseline after the
/// compile. With a break (SAGA038) or an unreadable baseline (SAGA040) the block is left out, so the
/// baseline stays as it is until the code honours it or someone edits it.
/// </summary>
internal static class ContractBaselineEmitter
{
    /// <summary>The MSBuild property that turns the baseline on, as the compiler passes it to generators.</summary>
    public const string Property = "build_property.SagasContractBaseline";

    public const string HintName = "Sagas.Contracts.g.cs";

    // Sagas.Abstractions.targets finds the block between these lines: change them together.
    private const string Begin = "#if false // BEGIN contracts";
    private const string End = "#endif // END contracts";

    /// <summary>On with <c>true</c>, and with <c>check</c>, where the build compares the block with the file rather than writing it.</summary>
    public static bool IsEnabled(AnalyzerConfigOptions options) =>
        options.TryGetValue(Property, out var value)
        && (string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value.Trim(), "check", StringComparison.OrdinalIgnoreCase));

    /// <param name="current">The code's contracts.</param>
    /// <param name="baseline">The checked-in baseline's text, or <see langword="null"/> before there is one.</param>
    public static string Emit(EquatableArray<ContractEntry> current, string? baseline)
    {
        var w = new SourceWriter().FileHeader();
        w.Line($"// The project's message contracts and saga data, for {ContractBaseline.FileName}. It compiles to nothing:");
        w.Line("// with <SagasContractBaseline>true</SagasContractBaseline> the build copies the block into the baseline.");
        if (baseline is not null)
        {
            var (entries, error) = ContractBaseline.Parse(baseline);
            if (error is not null)
            {
                w.Line($"// {ContractBaseline.FileName} cannot be read (SAGA040): the build leaves it as it is.");
                return w.ToString();
            }

            if (ContractComparer.Compare(entries, current).Count > 0)
            {
                w.Line($"// The code breaks {ContractBaseline.FileName} (SAGA038): the build leaves it as it is.");
                return w.ToString();
            }
        }

        if (baseline is null && current.Count == 0)
        {
            // Set for a whole solution, the switch reaches test projects too: no contract, no file.
            w.Line("// The project declares no message or saga: the build writes no baseline.");
            return w.ToString();
        }

        // Inside #if false only lines starting with '#' are read, and the baseline writes none.
        w.Line();
        w.Line(Begin);
        foreach (var line in ContractBaseline.Write(current).TrimEnd('\n').Split('\n'))
        {
            w.Line(line);
        }

        w.Line(End);
        return w.ToString();
    }
}
