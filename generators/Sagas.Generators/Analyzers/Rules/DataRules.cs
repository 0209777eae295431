using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Diagnostics;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>SAGA035: every member of the saga's data survives the JSON round trip between steps.</summary>
internal static class DataRules
{
    /// <summary>The members of <paramref name="data"/>, the data of saga or workflow <paramref name="owner"/>, that JSON loses.</summary>
    public static IEnumerable<Diagnostic> Check(INamedTypeSymbol data, string owner) =>
        DataRoundTrip.Losses(data).Select(loss => Diagnostic.Create(
            DiagnosticDescriptors.DataMemberLost,
            loss.Member.Locations.First(l => l.IsInSource),
            loss.Member.ContainingType.Name,
            loss.Member.Name,
            loss.Problem,
            owner,
            loss.Fix));
}
