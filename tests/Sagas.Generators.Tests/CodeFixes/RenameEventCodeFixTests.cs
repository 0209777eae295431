using Sagas.CodeFixes;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.CodeFixes;

public sealed class RenameEventCodeFixTests
{
    private const string Source = """
        using Sagas;

        namespace Shop;

        [Event] public sealed record PlaceOrder(string OrderId);

        public static class Orders
        {
            public static PlaceOrder Create(string id) => new PlaceOrder(id);
        }
        """;

    [Fact]
    public async Task Renames_the_event_and_its_uses_to_the_suggested_name()
    {
        var (text, title, key) = await CodeFixTestHelper.ApplyAsync(new EventNamingAnalyzer(), new RenameEventCodeFix(), "SAGA001", Source);

        Assert.Equal(Source.Replace("PlaceOrder", "OrderPlaced", StringComparison.Ordinal), text);
        Assert.Equal("Rename to 'OrderPlaced'", title);
        Assert.Equal("SAGA001", key);
    }

    [Fact]
    public async Task Before_and_after_on_the_Roslyn_testing_framework()
    {
        var before = Source.Replace("record PlaceOrder(", "record [|PlaceOrder|](", StringComparison.Ordinal);

        await Framework.FixTest.VerifyAsync(new EventNamingAnalyzer(), new RenameEventCodeFix(), "SAGA001", before, Source.Replace("PlaceOrder", "OrderPlaced", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Offers_no_rename_when_the_warning_suggests_no_name()
    {
        var source = Source.Replace("PlaceOrder", "OrderStatus", StringComparison.Ordinal);

        Assert.Empty(await CodeFixTestHelper.ActionsAsync(new EventNamingAnalyzer(), new RenameEventCodeFix(), "SAGA001", source));
    }
}
