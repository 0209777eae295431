using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers;

/// <summary>
/// SAGA028: a <c>[Workflow]</c> the generator cannot compile, with what to fix. It reads the class
/// with the generator's own reader, so what it accepts is exactly what compiles.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkflowAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.WorkflowInvalid);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!Symbols.HasAttribute(type, KnownNames.WorkflowAttribute))
        {
            return;
        }

        foreach (var (location, problem) in WorkflowReader.Read(type, context.CancellationToken).Problems)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WorkflowInvalid, location, type.Name, problem));
        }
    }
}
