using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
                DiagnosticDescriptors.ParticipantMessageNotRegistered,
                BaseListEntry(context, type, message) ?? Symbols.LocationOf(type),
                type.Name,
                message.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }
    }

    // The IMessageHandler<T> written in the class's base list, where the fix is read. Matched by
    // name (binding is not for symbol actions); an interface inherited from a base class or
    // interface is not written there, so the class name carries it.
    private static Location? BaseListEntry(SymbolAnalysisContext context, INamedTypeSymbol type, ITypeSymbol message)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is not TypeDeclarationSyntax { BaseList: { } baseList })
            {
                continue;
            }

            foreach (var entry in baseList.Types)
            {
                if (RightmostName(entry.Type) is GenericNameSyntax { Identifier.ValueText: "IMessageHandler", TypeArgumentList.Arguments: { Count: 1 } arguments }
                    && Names(arguments[0], message))
                {
                    return entry.Type.GetLocation();
                }
            }
        }

        return null;
    }

    private static bool Names(TypeSyntax syntax, ITypeSymbol type) => RightmostName(syntax) switch
    {
        GenericNameSyntax generic => generic.Identifier.ValueText == type.Name && type is INamedTypeSymbol { Arity: var arity } && arity == generic.Arity,
        SimpleNameSyntax simple => simple.Identifier.ValueText == type.Name,
        _ => false,
    };

    private static TypeSyntax RightmostName(TypeSyntax syntax) => syntax switch
    {
        QualifiedNameSyntax qualified => qualified.Right,
        AliasQualifiedNameSyntax alias => alias.Name,
        _ => syntax,
    };
}
