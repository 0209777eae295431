using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Analyzers;
using Sagas.Generators.Diagnostics;

namespace Sagas.Generators.Tests.Analyzers;

/// <summary>Every diagnostic ID is reported by an analyzer and documented in README, where its help link points.</summary>
public sealed class CatalogTests
{
    // Every analyzer the generator assembly ships, found as the compiler finds them: a new one cannot be left out.
    private static readonly DiagnosticAnalyzer[] Analyzers = [.. typeof(SagaAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    public static TheoryData<string> Ids()
    {
        var ids = new TheoryData<string>();
        foreach (var field in typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            ids.Add((string)field.GetRawConstantValue()!);
        }

        return ids;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_id_is_reported_by_an_analyzer_and_documented_in_README(string id)
    {
        var descriptor = Analyzers.SelectMany(a => a.SupportedDiagnostics).Where(d => d.Id == id).ToList();
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

        Assert.Single(descriptor);
        Assert.Contains($"<a id=\"{id.ToLowerInvariant()}\"></a>{id} |", readme);
        Assert.EndsWith("README.md#" + id.ToLowerInvariant(), descriptor[0].HelpLinkUri);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
