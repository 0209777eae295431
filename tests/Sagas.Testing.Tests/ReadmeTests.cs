using Sagas.Tests.Shared;

namespace Sagas.Testing.Tests;

/// <summary>README's Testing section shows the code OrderSagaTests.cs compiles and runs, verbatim.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void The_Testing_section_of_README_holds_the_code_these_tests_run()
    {
        var block = ReadmeCode.Block("tests/Sagas.Testing.Tests/OrderSagaTests.cs", "README Testing");

        Assert.Contains("A_lost_shipment_times_out_and_the_order_is_compensated", block, StringComparison.Ordinal);
        Assert.Contains("```csharp\n" + block + "```\n", ReadmeCode.Section("Testing"), StringComparison.Ordinal);
    }
}
