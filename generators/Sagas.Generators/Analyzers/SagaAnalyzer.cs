using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Sagas.Generators.Analyzers.Rules;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers;

/// <summary>
/// Checks every <c>[Saga]</c> class with the parser the generator uses: what it reports is
/// exactly what the generator would skip or compile wrongly.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SagaAnalyzer : DiagnosticAnalyzer
{
    // Each rule group reads the same model; one file each.
    private static readonly Func<SagaModel, IEnumerable<Diagnostic>>[] Rules =
    [
        StructureRules.Check,
        FlowRules.Check,
        CorrelationRules.Check,
        CompensationRules.Check,
        FinishedStateRules.Check,
    ];

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.SagaNotPartial,
        DiagnosticDescriptors.SagaShapeInvalid,
        DiagnosticDescriptors.SagaHasNoStart,
        DiagnosticDescriptors.HandlerMessageNotRegistered,
        DiagnosticDescriptors.HandlerSignatureInvalid,
        DiagnosticDescriptors.HandlerStatesMissing,
        DiagnosticDescriptors.DuplicateHandler,
        DiagnosticDescriptors.UnreachableState,
        DiagnosticDescriptors.DeadEndState,
        DiagnosticDescriptors.NoFinalState,
        DiagnosticDescriptors.CorrelationKeyMissing,
        DiagnosticDescriptors.CorrelationKeyUnsupported,
        DiagnosticDescriptors.MessageLacksCorrelation,
        DiagnosticDescriptors.CorrelationTypeMismatch,
        DiagnosticDescriptors.SentMessageLacksKey,
        DiagnosticDescriptors.CompensationInvalid,
        DiagnosticDescriptors.UncompensatedSideEffect,
        DiagnosticDescriptors.CompensationFailedStateMissing,
        DiagnosticDescriptors.ConfirmationInvalid,
        DiagnosticDescriptors.TimeoutUnhandled,
        DiagnosticDescriptors.MessageNotHandledInState,
        DiagnosticDescriptors.IgnoreConflictsWithHandler,
        DiagnosticDescriptors.FinalStateLeft,
        DiagnosticDescriptors.HandlerInFinishedState,
        DiagnosticDescriptors.StartWithWhen);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolStartAction(start =>
        {
            if (start.Symbol is not INamedTypeSymbol type || !Symbols.HasAttribute(type, KnownNames.SagaAttribute))
            {
                return;
            }

            // What each handler sends is collected from the operations of the saga's own members,
            // then the whole saga is checked once, at the end of its symbol.
            var sends = new ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<SentMessage>>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(
                operation =>
                {
                    if (operation.ContainingSymbol is IMethodSymbol method && SentMessages.Read((IInvocationOperation)operation.Operation) is { } sent)
                    {
                        sends.GetOrAdd(method, _ => new ConcurrentQueue<SentMessage>()).Enqueue(sent);
                    }
                },
                OperationKind.Invocation);
            start.RegisterSymbolEndAction(end =>
            {
                var model = SagaModelBuilder.Build(type, m => sends.TryGetValue(m, out var found) ? found.ToArray() : [], end.CancellationToken);
                foreach (var diagnostic in Rules.SelectMany(rule => rule(model)))
                {
                    end.ReportDiagnostic(diagnostic);
                }
            });
        }, SymbolKind.NamedType);
    }
}
