using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers;

/// <summary>
/// SAGA002, SAGA021 and SAGA033: every <c>[Event]</c> and <c>[Command]</c> type is immutable and
/// not generic, and no two of them share a wire name.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MessageAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MessageMutable, DiagnosticDescriptors.DuplicateWireName, DiagnosticDescriptors.MessageGeneric);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Without Sagas.Abstractions there are no messages to check.
            if (start.Compilation.GetTypeByMetadataName(KnownNames.EventAttribute) is null
                && start.Compilation.GetTypeByMetadataName(KnownNames.CommandAttribute) is null)
            {
                return;
            }

            // A wire name clash spans types, so it is judged once every type has been seen.
            var messages = new ConcurrentQueue<Registered>();
            start.RegisterSymbolAction(symbol => Analyze(symbol, messages), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end => ReportDuplicates(end, messages));
        });
    }

    private static void Analyze(SymbolAnalysisContext context, ConcurrentQueue<Registered> messages)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (MessageParser.IsGeneric(type) && MessageParser.MessageAttribute(type) is not null)
        {
            var outer = type.Arity > 0 ? "" : $" (nested in generic '{GenericOuter(type).Name}')";
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MessageGeneric, Symbols.LocationOf(type), type.Name, outer));
            return;
        }

        if (MessageParser.Parse(type) is not { } spec)
        {
            return;
        }

        var attribute = MessageParser.MessageAttribute(type)!;
        messages.Enqueue(new Registered(spec.WireName, type.ToDisplayString(), Symbols.LocationOf(attribute, context.CancellationToken)));
        foreach (var (member, problem) in MutableMembers(type))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MessageMutable, member.Locations[0], type.Name, problem));
        }
    }

    // The type and the bases declared in this compilation; a base that is itself a message reports its own members.
    private static IEnumerable<(ISymbol Member, string Problem)> MutableMembers(INamedTypeSymbol message)
    {
        for (var type = message; type is not null && IsInSource(type); type = type.BaseType)
        {
            if (!SymbolEqualityComparer.Default.Equals(type, message) && MessageParser.Parse(type) is not null)
            {
                yield break;
            }

            var owner = SymbolEqualityComparer.Default.Equals(type, message) ? "" : $" of base '{type.Name}'";
            foreach (var member in type.GetMembers().Where(m => !m.IsStatic && !m.IsImplicitlyDeclared && IsInSource(m)))
            {
                // Positional records declare init-only properties, except a record struct that is not readonly.
                if (member is IPropertySymbol { SetMethod: { IsInitOnly: false } })
                {
                    yield return (member, $"property '{member.Name}'{owner} has a setter");
                }
                else if (member is IFieldSymbol { IsReadOnly: false, IsConst: false, AssociatedSymbol: null })
                {
                    yield return (member, $"field '{member.Name}'{owner} is not readonly");
                }
            }
        }
    }

    // Reported on the later of two types in a fixed order, so a build and the IDE agree on where.
    private static void ReportDuplicates(CompilationAnalysisContext context, ConcurrentQueue<Registered> messages)
    {
        foreach (var group in messages.GroupBy(m => m.WireName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(m => m.TypeName, StringComparer.Ordinal).ToList();
            foreach (var later in ordered.Skip(1))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateWireName, later.Location, ordered[0].TypeName, later.TypeName, group.Key));
            }
        }
    }

    private static INamedTypeSymbol GenericOuter(INamedTypeSymbol type)
    {
        var current = type;
        while (current.Arity == 0 && current.ContainingType is not null)
        {
            current = current.ContainingType;
        }

        return current;
    }

    private static bool IsInSource(ISymbol symbol) => symbol.Locations.Any(l => l.IsInSource);

    private sealed record Registered(string WireName, string TypeName, Location Location);
}
