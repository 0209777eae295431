using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Naming;

namespace Sagas.Generators.Analyzers;

/// <summary>
/// SAGA001: a type marked <c>[Event]</c> must be named in the past tense, so events and commands
/// cannot be told apart by accident.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EventNamingAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.EventNotPastTense);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Resolved once per compilation; without Sagas.Abstractions there are no events to check.
            var eventAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.EventAttribute);
            if (eventAttribute is not null)
            {
                start.RegisterSymbolAction(symbol => Analyze(symbol, eventAttribute), SymbolKind.NamedType);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol eventAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = FindAttribute(type, eventAttribute);
        if (attribute is null || PastTense.IsPastTense(type.Name))
        {
            return;
        }

        // A suggestion only from a recognised verb; otherwise the message says how to name it.
        var suggested = PastTense.Suggest(type.Name);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.EventNotPastTense,
            NameLocation(type, attribute, context.CancellationToken),
            type.Name,
            suggested is null
                ? "Rename it to what happened: a noun and a past-tense verb (OrderPlaced), or a noun and an adjective stating a fact (StockLow)."
                : $"Rename it, for example to '{suggested}'."));
    }

    private static AttributeData? FindAttribute(INamedTypeSymbol type, INamedTypeSymbol eventAttribute)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, eventAttribute))
            {
                return attribute;
            }
        }

        return null;
    }

    // Squiggle the name only; for a partial type, the name on the part that carries [Event].
    private static Location NameLocation(INamedTypeSymbol type, AttributeData attribute, CancellationToken cancellationToken)
    {
        var declaration = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)
            .FirstAncestorOrSelf<BaseTypeDeclarationSyntax>();
        return declaration?.Identifier.GetLocation() ?? type.Locations[0];
    }
}
