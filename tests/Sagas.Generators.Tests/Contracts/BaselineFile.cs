using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Sagas.Generators.Tests.Contracts;

/// <summary>The checked-in baseline as the compiler hands it over: an AdditionalFile named sagas.contracts.txt.</summary>
internal sealed class BaselineFile(string text, string path = "/src/Shop/sagas.contracts.txt") : AdditionalText
{
    public override string Path => path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}
