using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers;

/// <summary>
/// SAGA030: what a <c>MessageContext</c> sends, publishes, schedules or cancels is an <c>[Event]</c>
/// or <c>[Command]</c>, here or in a referenced project. Any other type is in no registry, so the
/// call compiles and every delivery of it fails at run time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SentMessageAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SentMessageNotRegistered);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(Analyze, OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (SentMessages.Read(invocation) is not { Kind: not SendKind.Complete, Message: null } sent || !IsExactType(sent.Type))
        {
            return;
        }

        // The message argument, or the type argument of CancelScheduled<T>().
        var location = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.Syntax.GetLocation()
            ?? (invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax name } }
                ? name.TypeArgumentList.Arguments[0].GetLocation()
                : sent.Location);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.SentMessageNotRegistered,
            location,
            sent.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            sent.Kind switch
            {
                SendKind.Send => "sent",
                SendKind.Publish => "published",
                SendKind.Schedule => "scheduled",
                _ => "cancelled",
            }));
    }

    // Only a type known at compile time can be judged: an interface, an abstract base, object or a
    // type parameter stands for whatever type the message has at run time.
    private static bool IsExactType(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false, SpecialType: not SpecialType.System_Object };
}
