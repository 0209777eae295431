using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers;

/// <summary>
/// SAGA029: in the registry a project composes (its own and those of every project it references),
/// no two message types share a wire name. Each registry lists its message types in its assembly's
/// <c>[SagaModule]</c>, so this reads attributes, never a referenced assembly's types.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CompositionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ComposedWireNameClash);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationAction(Analyze);
    }

    private static void Analyze(CompilationAnalysisContext context)
    {
        var compilation = context.Compilation;
        if (MessagesOf(compilation.Assembly) is not { } own)
        {
            return; // the generator composed no registry here
        }

        // The order the registry consults them in: this project's, then the referenced ones.
        var modules = compilation.SourceModule.ReferencedAssemblySymbols
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .Select(a => (Assembly: a, Messages: MessagesOf(a)))
            .Where(m => m.Messages is not null)
            .Prepend((compilation.Assembly, own));
        var byWireName = new Dictionary<string, List<(INamedTypeSymbol Type, IAssemblySymbol Module)>>(StringComparer.Ordinal);
        foreach (var (module, messages) in modules)
        {
            foreach (var type in messages!)
            {
                if (MessageParser.Parse(type) is not { } spec)
                {
                    continue;
                }

                if (!byWireName.TryGetValue(spec.WireName, out var types))
                {
                    byWireName[spec.WireName] = types = [];
                }

                if (!types.Any(t => SymbolEqualityComparer.Default.Equals(t.Type, type)))
                {
                    types.Add((type, module));
                }
            }
        }

        foreach (var group in byWireName.Where(g => g.Value.Count > 1).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (wireName, types) = (group.Key, group.Value);
            var first = types[0];
            foreach (var other in types.Skip(1).Where(t => !(IsInSource(t.Type) && IsInSource(first.Type)))) // both here: SAGA021
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ComposedWireNameClash,
                    LocationOf(other.Type, context) ?? LocationOf(first.Type, context) ?? Location.None,
                    first.Type.ToDisplayString(), first.Module.Name, other.Type.ToDisplayString(), other.Module.Name, wireName));
            }
        }
    }

    // The message types a generated [SagaModule] lists, or null when the assembly has none.
    private static IEnumerable<INamedTypeSymbol>? MessagesOf(IAssemblySymbol assembly) =>
        assembly.GetAttributes()
            .Where(a => Symbols.IsNamed(a.AttributeClass, KnownNames.SagaModuleAttribute))
            .Select(a => a.ConstructorArguments.Length > 2 && a.ConstructorArguments[2].Kind == TypedConstantKind.Array
                ? a.ConstructorArguments[2].Values.Select(v => v.Value).OfType<INamedTypeSymbol>()
                : [])
            .FirstOrDefault();

    private static bool IsInSource(ISymbol type) => type.Locations.Any(l => l.IsInSource);

    // Where the type of this project says it is a message, so the squiggle is on what to change.
    private static Location? LocationOf(INamedTypeSymbol type, CompilationAnalysisContext context) =>
        IsInSource(type)
            && MessageParser.MessageAttribute(type) is { } attribute
            ? Symbols.LocationOf(attribute, context.CancellationToken)
            : null;
}
