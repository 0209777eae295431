using Sagas.CodeFixes;
using Sagas.Generators.Analyzers;
using Sagas.Generators.Tests.Analyzers;
using Sagas.Generators.Tests.Analyzers.Correlation;

namespace Sagas.Generators.Tests.CodeFixes;

public sealed class MakeSagaPartialCodeFixTests
{
    [Fact]
    public async Task Adds_partial_before_the_class_keyword()
    {
        var source = CorrelationSources.Saga().Edit("public sealed partial class OrderSaga", "public sealed class OrderSaga");

        var (text, title, key) = await CodeFixTestHelper.ApplyAsync(new SagaAnalyzer(), new MakeSagaPartialCodeFix(), "SAGA003", source);

        Assert.Equal(CorrelationSources.Saga(), text);
        Assert.Equal("Make the saga partial", title);
        Assert.Equal("SAGA003", key);
    }

    [Fact]
    public async Task Gives_partial_the_leading_trivia_of_a_class_without_modifiers()
    {
        var source = CorrelationSources.Saga().Edit("public sealed partial class OrderSaga", "class OrderSaga");

        var (text, _, _) = await CodeFixTestHelper.ApplyAsync(new SagaAnalyzer(), new MakeSagaPartialCodeFix(), "SAGA003", source);

        Assert.Equal(CorrelationSources.Saga().Edit("public sealed partial class OrderSaga", "partial class OrderSaga"), text);
    }

    [Fact]
    public async Task Before_and_after_on_the_Roslyn_testing_framework()
    {
        var before = CorrelationSources.Saga().Edit("public sealed partial class OrderSaga", "public sealed class [|OrderSaga|]");

        await Framework.FixTest.VerifyAsync(new SagaAnalyzer(), new MakeSagaPartialCodeFix(), "SAGA003", before, CorrelationSources.Saga());
    }
}
