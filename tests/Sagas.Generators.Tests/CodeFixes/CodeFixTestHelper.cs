using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Sagas.Generators.Tests.CodeFixes;

/// <summary>
/// Applies a code fix as the IDE would: the source in a workspace project with the references of
/// <see cref="TestCompilation"/>, the analyzer run on it, the fix's one action applied.
/// </summary>
internal static class CodeFixTestHelper
{
    /// <summary>The document's text after the fix, and the title of the action that made it.</summary>
    public static async Task<(string Text, string Title, string? EquivalenceKey)> ApplyAsync(
        DiagnosticAnalyzer analyzer, CodeFixProvider fix, string diagnosticId, string source)
    {
        using var workspace = new AdhocWorkspace();
        var document = AddDocument(workspace, source);
        var diagnostic = Assert.Single(await DiagnosticsAsync(document, analyzer), d => d.Id == diagnosticId);

        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        var action = Assert.Single(actions);
        var operation = Assert.Single((await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>());

        var changed = operation.ChangedSolution.GetDocument(document.Id)!;
        Assert.DoesNotContain(await DiagnosticsAsync(changed, analyzer), d => d.Id == diagnosticId);
        return ((await changed.GetTextAsync()).ToString(), action.Title, action.EquivalenceKey);
    }

    /// <summary>The actions the fix offers for the analyzer's one diagnostic of <paramref name="diagnosticId"/>.</summary>
    public static async Task<IReadOnlyList<CodeAction>> ActionsAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string diagnosticId, string source)
    {
        using var workspace = new AdhocWorkspace();
        var document = AddDocument(workspace, source);
        var diagnostic = Assert.Single(await DiagnosticsAsync(document, analyzer), d => d.Id == diagnosticId);

        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    private static Document AddDocument(AdhocWorkspace workspace, string source)
    {
        var compilation = TestCompilation.Create(source);
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "Shop",
            "Shop",
            LanguageNames.CSharp,
            compilationOptions: compilation.Options,
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: compilation.References));
        return workspace.AddDocument(project.Id, "Source0.cs", SourceText.From(source));
    }

    // Fails on a compile error first, so a fix is never judged on source that does not build.
    private static async Task<IReadOnlyList<Diagnostic>> DiagnosticsAsync(Document document, DiagnosticAnalyzer analyzer)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The source does not compile:\n" + string.Join("\n", errors));
        return await compilation.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync();
    }
}
