using Sagas.Tests.Shared;

namespace Sagas.Tests;

/// <summary>README's Versioning section shows the message that VersioningTests upcasts, verbatim.</summary>
public sealed class ReadmeVersioningTests
{
    [Fact]
    public void The_Versioning_section_of_README_holds_the_code_these_tests_run()
    {
        var block = ReadmeCode.Block("tests/Sagas.Tests/VersionedMessages.cs", "README Versioning");

        Assert.Contains("[UpcastFrom(1)]", block, StringComparison.Ordinal);
        Assert.Contains("```csharp\n" + block + "```\n", ReadmeCode.Section("Versioning"), StringComparison.Ordinal);
    }
}
