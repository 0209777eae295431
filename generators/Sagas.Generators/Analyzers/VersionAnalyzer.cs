using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers;

/// <summary>
/// SAGA036 and SAGA037: a message type of version N has an upcaster from each version below N,
/// and each upcaster can be chained: static, from a version below N, taking the old shape and
/// returning what the next upcaster takes (or the message type, from N - 1), and, on a public type,
/// public with a public parameter type: a referencing project's generated registry reads the type
/// too and calls them. SAGA039: N is at least 1.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class VersionAnalyzer : DiagnosticAnalyzer
{
    private static readonly SymbolDisplayFormat Short = SymbolDisplayFormat.MinimallyQualifiedFormat;

    // 'Legacy.OrderPlacedV1': the class a hidden shape is nested in is what to make public.
    private static readonly SymbolDisplayFormat Nested = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UpcasterMissing, DiagnosticDescriptors.UpcasterInvalid, DiagnosticDescriptors.VersionBelowOne);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(KnownNames.UpcastFromAttribute) is null)
            {
                return;
            }

            start.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var marked = type.GetMembers().OfType<IMethodSymbol>()
            .Select(m => (Method: m, Attribute: Symbols.FindAttribute(m, KnownNames.UpcastFromAttribute)))
            .Where(x => x.Attribute is not null)
            .ToList();
        var attribute = MessageParser.MessageAttribute(type);
        if (attribute is null)
        {
            foreach (var (method, _) in marked)
            {
                Report(context, method, $"is on '{type.Name}', which is not an [Event] or [Command], so nothing calls it. Move it to the message type whose earlier versions it reads.");
            }

            return;
        }

        if (MessageParser.IsGeneric(type))
        {
            return; // SAGA033
        }

        var version = MessageParser.VersionOf(attribute);
        if (version < 1)
        {
            // No chain leads to such a version, so its upcasters are judged once it is fixed.
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.VersionBelowOne,
                Symbols.LocationOf(attribute, "Version", context.CancellationToken),
                type.Name,
                version));
            return;
        }

        var usable = new Dictionary<int, IMethodSymbol>();
        foreach (var (method, upcast) in marked.OrderBy(x => x.Method.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0))
        {
            if (upcast!.ConstructorArguments.FirstOrDefault().Value is not int from)
            {
                continue;
            }

            if (method is not { IsStatic: true, ReturnsVoid: false, Parameters.Length: 1, IsGenericMethod: false })
            {
                Report(context, method, $"is not a static method that takes the version {from} shape as its one parameter and returns the next version's: declare it 'public static {Next(type, from, version, usable)} {method.Name}({type.Name}V{from} old)'.");
            }
            else if (from < 1 || from >= version)
            {
                var fix = from < 1
                    ? "versions start at 1"
                    : $"raise Version on '{type.Name}' to {from + 1} if the type changed again, or mark it [UpcastFrom] a version below {version}";
                Report(context, method, $"reads version {from}, which is not below the version of '{type.Name}' ({version}): {fix}.");
            }
            else if (usable.ContainsKey(from))
            {
                Report(context, method, $"reads version {from}, as '{usable[from].Name}' does: keep one upcaster per version.");
            }
            else
            {
                usable[from] = method;
                ReportIfHidden(context, type, method, from);
            }
        }

        // Each upcaster returns what the next one takes; the last, the message type.
        foreach (var pair in usable)
        {
            var expected = pair.Key == version - 1 ? type : usable.TryGetValue(pair.Key + 1, out var next) ? next.Parameters[0].Type : null;
            if (expected is not null && !SymbolEqualityComparer.Default.Equals(pair.Value.ReturnType, expected))
            {
                var what = pair.Key == version - 1 ? $"the message type itself, as version {version} is the current one" : $"what the upcaster from version {pair.Key + 1} ('{usable[pair.Key + 1].Name}') takes";
                Report(context, pair.Value, $"returns '{pair.Value.ReturnType.ToDisplayString(Short)}', but must return '{expected.ToDisplayString(Short)}', {what}.");
            }
        }

        for (var from = 1; from < version; from++)
        {
            if (!usable.ContainsKey(from))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UpcasterMissing,
                    Symbols.LocationOf(attribute, context.CancellationToken),
                    type.Name,
                    version,
                    from,
                    Next(type, from, version, usable)));
            }
        }
    }

    // What the upcaster from 'from' returns: the message type from the last version, else what the next upcaster takes.
    private static string Next(INamedTypeSymbol type, int from, int version, Dictionary<int, IMethodSymbol> usable) =>
        from >= version - 1 ? type.Name
        : usable.TryGetValue(from + 1, out var next) ? next.Parameters[0].Type.ToDisplayString(Short)
        : $"{type.Name}V{from + 1}";

    // A project that references this one and handles the type deserializes it with its own generated
    // registry, which calls the upcasters. What it cannot see it cannot call: from metadata such an
    // upcaster is not there, so that registry refuses the old version; from source, it does not compile.
    // InternalsVisibleTo reaches only the assemblies it names, and who references this one is unknown here.
    private static void ReportIfHidden(SymbolAnalysisContext context, INamedTypeSymbol type, IMethodSymbol method, int from)
    {
        if (NotPublic(type) is not null)
        {
            return; // no other project can use the type
        }

        var problems = new List<string>();
        var fixes = new List<string>();
        if (method.DeclaredAccessibility != Accessibility.Public)
        {
            problems.Add($"is {Describe(method.DeclaredAccessibility)}");
            fixes.Add($"'{method.Name}'");
        }

        var shape = method.Parameters[0].Type;
        if (NotPublic(shape) is { } hidden)
        {
            var which = SymbolEqualityComparer.Default.Equals(hidden, shape) ? "which" : $"and '{hidden.ToDisplayString(Nested)}'";
            problems.Add($"takes '{shape.ToDisplayString(Nested)}', {which} is {Describe(hidden.DeclaredAccessibility)}");
            fixes.Add($"'{hidden.ToDisplayString(Nested)}'");
        }

        if (problems.Count > 0)
        {
            Report(context, method, $"{string.Join(" and ", problems)}, but projects that reference this one call it, from generated code, to read version {from} of the public '{type.Name}': make {string.Join(" and ", fixes)} public.");
        }
    }

    // The type, or a type it is nested in or built from, that other assemblies cannot see; null when they see all of it.
    private static ITypeSymbol? NotPublic(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return NotPublic(array.ElementType);
        }

        if (type is not INamedTypeSymbol named || named.TypeKind == TypeKind.Error)
        {
            return null;
        }

        for (var current = named; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return current;
            }
        }

        return named.TypeArguments.Select(NotPublic).FirstOrDefault(t => t is not null);
    }

    private static string Describe(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.ProtectedAndInternal => "private protected",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        _ => "internal",
    };

    private static void Report(SymbolAnalysisContext context, IMethodSymbol method, string problem) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UpcasterInvalid, Symbols.LocationOf(method), method.Name, problem));
}
