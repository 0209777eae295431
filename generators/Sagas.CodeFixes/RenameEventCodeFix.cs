using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Rename;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Naming;

namespace Sagas.CodeFixes;

/// <summary>SAGA001: renames the event, and every use of it, to the past-tense name the warning suggests.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameEventCodeFix)), Shared]
public sealed class RenameEventCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.EventNotPastTense);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var declaration = root?.FindNode(context.Span).FirstAncestorOrSelf<BaseTypeDeclarationSyntax>();
        if (declaration is null || model?.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } type)
        {
            return;
        }

        // The same heuristic as the warning, so the fix offers the name the message shows, and
        // nothing when the warning suggests no name.
        if (PastTense.Suggest(type.Name) is not { } suggested)
        {
            return;
        }

        // One key for every event, whatever its new name, so fix-all renames them all.
        context.RegisterCodeFix(
            CodeAction.Create($"Rename to '{suggested}'", token => RenameAsync(context.Document, type, suggested, token), equivalenceKey: DiagnosticIds.EventNotPastTense),
            context.Diagnostics);
    }

    private static Task<Solution> RenameAsync(Document document, INamedTypeSymbol type, string name, CancellationToken cancellationToken) =>
        Renamer.RenameSymbolAsync(document.Project.Solution, type, new SymbolRenameOptions(), name, cancellationToken);
}
