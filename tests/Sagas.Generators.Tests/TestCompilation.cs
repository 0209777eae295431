using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Sagas.Generators.Tests;

/// <summary>
/// A compilation of test source text as a user project sees it: the framework, Sagas.Abstractions
/// and the Sagas runtime referenced, nullable on, the latest language version.
/// </summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>The framework, Sagas.Abstractions, the Sagas runtime and dependency injection's abstractions.</summary>
    public static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static CSharpCompilation Create(params string[] sources) => CSharpCompilation.Create(
        "Shop",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // Stateless and MediatR are this test project's, not a user project's: a test adds one to see its bridge.
        string[] bridged = ["Stateless.dll", "MediatR.dll"];
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !bridged.Contains(Path.GetFileName(p), StringComparer.OrdinalIgnoreCase));
        var sagas = new[]
        {
            typeof(EventAttribute).Assembly.Location,
            typeof(SagaEngine).Assembly.Location,
            typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location,
        };
        return [.. platform.Concat(sagas).Distinct(StringComparer.Ordinal).Select(p => MetadataReference.CreateFromFile(p))];
    }
}
