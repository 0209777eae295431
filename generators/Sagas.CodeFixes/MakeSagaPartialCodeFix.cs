using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sagas.Generators.Diagnostics;

namespace Sagas.CodeFixes;

/// <summary>SAGA003: adds <c>partial</c> to every declaration of the saga class that lacks it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeSagaPartialCodeFix)), Shared]
public sealed class MakeSagaPartialCodeFix : CodeFixProvider
{
    private const string Title = "Make the saga partial";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SagaNotPartial);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var declaration = root?.FindNode(context.Span).FirstAncestorOrSelf<ClassDeclarationSyntax>();
        if (declaration is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(Title, token => AddPartialAsync(context.Document, declaration, token), equivalenceKey: DiagnosticIds.SagaNotPartial),
            context.Diagnostics);
    }

    // Every part must say partial once the generator adds one, so all declarations are fixed, in any file.
    private static async Task<Solution> AddPartialAsync(Document document, ClassDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not { } saga)
        {
            return solution;
        }

        foreach (var group in saga.DeclaringSyntaxReferences.GroupBy(r => r.SyntaxTree))
        {
            if (solution.GetDocument(group.Key) is not { } part
                || await part.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
            {
                continue;
            }

            var classes = group.Select(r => r.GetSyntax(cancellationToken)).OfType<ClassDeclarationSyntax>()
                .Where(c => !c.Modifiers.Any(SyntaxKind.PartialKeyword));
            solution = solution.WithDocumentSyntaxRoot(part.Id, root.ReplaceNodes(classes, (_, current) => WithPartial(current)));
        }

        return solution;
    }

    // partial goes last, right before 'class', as the language requires; it takes over the keyword's leading trivia when it comes first.
    private static ClassDeclarationSyntax WithPartial(ClassDeclarationSyntax declaration)
    {
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count > 0)
        {
            return declaration.AddModifiers(partial);
        }

        var keyword = declaration.Keyword;
        return declaration
            .WithKeyword(keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }
}
