using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Analyzers.Rules;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers;

/// <summary>
/// SAGA035: the data of a <c>[Saga]</c> or <c>[Workflow]</c> is stored as JSON between messages, so
/// each of its members survives the round trip or is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DataAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.DataMemberLost);

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
        if (Symbols.DataType(type) is not INamedTypeSymbol { TypeKind: TypeKind.Class } dataType)
        {
            return;
        }

        foreach (var diagnostic in DataRules.Check(dataType, type.Name))
        {
            context.ReportDiagnostic(diagnostic);
        }
    }
}
