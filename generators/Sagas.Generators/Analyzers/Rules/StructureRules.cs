using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>PLACEHOLDER: being written.</summary>
internal static class StructureRules
{
    public static IEnumerable<Diagnostic> Check(SagaModel model)
    {
        yield break;
    }
}
