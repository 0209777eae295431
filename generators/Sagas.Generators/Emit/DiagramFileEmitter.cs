using System;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Model;

namespace Sagas.Generators.Emit;

/// <summary>
/// Writes <c>&lt;saga&gt;.Diagrams.g.cs</c>: the saga's Mermaid and DOT text in blocks that compile to
/// nothing. A generator may not write files (RS1035), so with <c>SagasEmitDiagrams</c> on the compiler
/// writes this file to disk and the package's <c>build/Sagas.Abstractions.targets</c> copies each block out into a
/// <c>.mmd</c> and a <c>.dot</c> file.
/// </summary>
internal static class DiagramFileEmitter
{
    /// <summary>The MSBuild property that turns the files on, as the compiler passes it to generators.</summary>
    public const string Property = "build_property.SagasEmitDiagrams";

    // Sagas.Abstractions.targets finds each block between these lines: change them together.
    private const string MermaidBegin = "#if false // BEGIN mermaid";
    private const string MermaidEnd = "#endif // END mermaid";
    private const string DotBegin = "#if false // BEGIN dot";
    private const string DotEnd = "#endif // END dot";

    public static bool IsEnabled(AnalyzerConfigOptions options) =>
        options.TryGetValue(Property, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static string HintName(SagaSpec saga) => saga.MetadataName + ".Diagrams.g.cs";

    public static string Emit(SagaSpec saga)
    {
        // Inside #if false the text is never compiled, only scanned for lines that start with '#';
        // no Mermaid or DOT line the diagrams write starts with one.
        var w = new SourceWriter().FileHeader();
        w.Line($"// The state diagram of {saga.MetadataName}, as Mermaid and as Graphviz DOT text.");
        w.Line("// It compiles to nothing: with <SagasEmitDiagrams>true</SagasEmitDiagrams> the build copies each");
        w.Line($"// block into $(IntermediateOutputPath)sagas/{saga.MetadataName}.mmd and .dot.");
        w.Line();
        Block(w, MermaidBegin, Diagrams.Mermaid(saga), MermaidEnd);
        w.Line();
        Block(w, DotBegin, Diagrams.Dot(saga), DotEnd);
        return w.ToString();
    }

    private static void Block(SourceWriter w, string begin, string text, string end)
    {
        w.Line(begin);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            w.Line(line);
        }

        w.Line(end);
    }
}
