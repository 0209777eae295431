using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers;

/// <summary>
/// SAGA026 and SAGA027: a <c>[Participant]</c> handles only registered messages, and is a class the
/// generated registration can name and construct.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ParticipantAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ParticipantMessageNotRegistered, DiagnosticDescriptors.ParticipantNotRegistrable);

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
        if (Symbols.FindAttribute(type, KnownNames.ParticipantAttribute) is not { } attribute)
        {
            return;
        }

        if (ParticipantParser.WhyNotRegistrable(type) is { } why)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ParticipantNotRegistrable, Symbols.LocationOf(attribute, context.CancellationToken), type.Name, why));
            return;
        }

        foreach (var message in ParticipantParser.HandledTypes(type).Where(m => MessageParser.Parse(m) is null))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ParticipantMessageNotRegistered, Symbols.LocationOf(type), type.Name, message.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }
    }
}
