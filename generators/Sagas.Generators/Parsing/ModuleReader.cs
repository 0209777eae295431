using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>Reads the facts about the whole compilation that the registry needs, and only those.</summary>
internal static class ModuleReader
{
    /// <returns><see langword="null"/> when the compilation does not reference the Sagas runtime: generated code would not compile.</returns>
    public static ModuleSpec? Read(Compilation compilation)
    {
        if (compilation.GetTypeByMetadataName(KnownNames.SagaRouter) is null)
        {
            return null;
        }

        // Assembly attributes only: no walk over the referenced assemblies' types.
        var referenced = compilation.SourceModule.ReferencedAssemblySymbols
            .SelectMany(a => a.GetAttributes())
            .Where(a => Symbols.IsNamed(a.AttributeClass, KnownNames.SagaModuleAttribute) && a.ConstructorArguments.Length >= 2)
            .Select(a => (
                Registry: a.ConstructorArguments[0].Value as ITypeSymbol,
                Router: a.ConstructorArguments[1].Value as ITypeSymbol,
                Participants: a.NamedArguments.FirstOrDefault(n => n.Key == "Participants").Value.Value as ITypeSymbol))
            .Where(m => m.Registry is not null && m.Router is not null)
            .Select(m => new ReferencedModule(QualifiedName(m.Registry!), QualifiedName(m.Router!), m.Participants is null ? null : QualifiedName(m.Participants)))
            .OrderBy(m => m.Registry, System.StringComparer.Ordinal)
            .ToEquatableArray();
        return new ModuleSpec("Sagas.Generated." + Identifier(compilation.AssemblyName ?? "Assembly"), referenced);
    }

    private static string QualifiedName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    // An assembly name as a namespace: dots stay, anything else not valid in an identifier becomes '_',
    // and a segment that is a keyword is escaped ('Shop.event' → Shop.@event), as the compiler would not take it.
    private static string Identifier(string assemblyName)
    {
        var text = new StringBuilder();
        foreach (var part in assemblyName.Split('.'))
        {
            if (text.Length > 0)
            {
                text.Append('.');
            }

            if (part.Length == 0 || !char.IsLetter(part[0]) && part[0] != '_')
            {
                text.Append('_');
            }
            else if (SyntaxFacts.GetKeywordKind(part) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(part) != SyntaxKind.None)
            {
                text.Append('@');
            }

            foreach (var c in part)
            {
                text.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
            }
        }

        return text.ToString();
    }
}
