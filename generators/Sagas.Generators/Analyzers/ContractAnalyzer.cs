using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Sagas.Generators.Contracts;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers;

/// <summary>
/// SAGA038 and SAGA040: with a contract baseline (<c>sagas.contracts.txt</c>, an AdditionalFile the
/// package's targets add under <c>SagasContractBaseline</c>), each message and saga of the code is
/// judged against its entry by <see cref="ContractComparer"/>, and an entry no code answers to is
/// reported on its line of the baseline.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ContractBroken, DiagnosticDescriptors.ContractBaselineUnreadable);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var file = start.Options.AdditionalFiles.FirstOrDefault(IsBaseline);
            if (file?.GetText(start.CancellationToken) is not { } text)
            {
                return;
            }

            var (baseline, error) = ContractBaseline.Parse(text.ToString());
            if (error is { } unreadable)
            {
                start.RegisterCompilationEndAction(end => end.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ContractBaselineUnreadable, LineLocation(file, text, unreadable.Line), $"line {unreadable.Line}, {unreadable.Problem}")));
                return;
            }

            var answered = new ConcurrentDictionary<ContractEntry, bool>();
            start.RegisterSymbolAction(symbol => Analyze(symbol, baseline, answered), SymbolKind.NamedType);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var entry in baseline.Where(b => !answered.ContainsKey(b)))
                {
                    var removed = ContractComparer.Removed(entry);
                    end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractBroken, LineLocation(file, text, entry.Line), removed.Subject, removed.Problem));
                }
            });
        });
    }

    /// <summary>Whether <paramref name="file"/> is the contract baseline, by its name.</summary>
    internal static bool IsBaseline(AdditionalText file) =>
        string.Equals(Path.GetFileName(file.Path), ContractBaseline.FileName, StringComparison.OrdinalIgnoreCase);

    private static void Analyze(SymbolAnalysisContext context, System.Collections.Generic.List<ContractEntry> baseline, ConcurrentDictionary<ContractEntry, bool> answered)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var entry = ContractReader.Read(type);
        if (entry is null || ContractComparer.Match(baseline, entry) is not { } old)
        {
            return; // not a contract, or a new one: the build adds it
        }

        answered.TryAdd(old, true);
        foreach (var change in ContractComparer.Compare(old, entry))
        {
            var location = entry.IsMessage ? MessageLocation(type, change, context) : SagaLocation(type, change);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContractBroken, location, change.Subject, change.Problem));
        }
    }

    // A retyped member on its declaration; anything else on the [Event] or [Command] attribute.
    private static Location MessageLocation(INamedTypeSymbol type, ContractBreak change, SymbolAnalysisContext context)
    {
        var attribute = MessageParser.MessageAttribute(type);
        var fallback = attribute is null ? Symbols.LocationOf(type) : Symbols.LocationOf(attribute, context.CancellationToken);
        return change.Kind == BreakKind.MemberRetyped ? MemberLocation(type, change.Member) ?? fallback : fallback;
    }

    // The key or a retyped data member on its declaration; anything else on the saga's name.
    private static Location SagaLocation(INamedTypeSymbol saga, ContractBreak change)
    {
        var data = Symbols.DataType(saga) as INamedTypeSymbol;
        var member = change.Kind switch
        {
            BreakKind.MemberRetyped when data is not null => MemberLocation(data, change.Member),
            BreakKind.KeyChanged when data is not null && KeyReader.Read(saga, data).Property is { } key => key.Locations.FirstOrDefault(l => l.IsInSource),
            _ => null,
        };
        return member ?? Symbols.LocationOf(saga);
    }

    private static Location? MemberLocation(ITypeSymbol type, string name) =>
        ContractReader.Written(type).Where(w => w.Name == name).Select(w => w.Member.Locations.FirstOrDefault(l => l.IsInSource)).FirstOrDefault();

    private static Location LineLocation(AdditionalText file, SourceText text, int line)
    {
        var span = text.Lines[Math.Min(line, text.Lines.Count) - 1].Span;
        return Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
    }
}
