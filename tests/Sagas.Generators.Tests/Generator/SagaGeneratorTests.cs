using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Generator;

public sealed class SagaGeneratorTests
{
    [Fact]
    public void Order_saga_generates_the_checked_in_files()
    {
        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga));

        var generated = GeneratorHarness.GeneratedSources(driver);

        Assert.Equal(["Sagas.Generated.Registry.g.cs", "Shop.Orders.OrderSaga.g.cs"], generated.Keys.Order());
        Snapshot.Match(generated, "OrderSaga");
    }

    [Fact]
    public void Every_step_is_cached_when_nothing_changed()
    {
        var compilation = TestCompilation.Create(Sources.Contracts, Sources.OrderSaga);
        var (driver, _) = GeneratorHarness.Run(compilation);

        var second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        AssertAllCached(second, TrackingNames.Sagas, TrackingNames.Events, TrackingNames.Commands, TrackingNames.Module, TrackingNames.Registry);
    }

    [Fact]
    public void Adding_an_unrelated_type_re_emits_nothing()
    {
        var compilation = TestCompilation.Create(Sources.Contracts, Sources.OrderSaga);
        var (driver, _) = GeneratorHarness.Run(compilation);

        var edited = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Sources.Unrelated, path: "Unrelated.cs"));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllCached(second, TrackingNames.Sagas, TrackingNames.Events, TrackingNames.Commands, TrackingNames.Registry);
    }

    [Fact]
    public void Changing_a_handled_event_re_emits_only_what_depends_on_it()
    {
        var compilation = TestCompilation.Create(Sources.Contracts, Sources.OrderSaga);
        var (driver, _) = GeneratorHarness.Run(compilation);

        var contracts = compilation.SyntaxTrees.First();
        var renamed = contracts.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            Sources.Contracts.Replace("[Event] public sealed record StockReserved", "[Event(\"stock.reserved.v2\")] public sealed record StockReserved")));
        var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(contracts, renamed)).GetRunResult().Results.Single();

        Assert.Contains(second.TrackedSteps[TrackingNames.Sagas].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("\"stock.reserved.v2\"", second.GeneratedSources.Single(s => s.HintName == "Sagas.Generated.Registry.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Changing_a_handler_body_without_changing_its_shape_re_emits_nothing()
    {
        var compilation = TestCompilation.Create(Sources.Contracts, Sources.OrderSaga);
        var (driver, _) = GeneratorHarness.Run(compilation);

        var saga = compilation.SyntaxTrees.ElementAt(1);
        var edited = saga.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            Sources.OrderSaga.Replace("Data.PaymentId = e.PaymentId;", "Data.PaymentId = e.PaymentId.Trim();")));
        var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(saga, edited)).GetRunResult().Results.Single();

        // The transform ran again on the edited file, and produced an equal spec: nothing downstream runs.
        AssertAllCached(second, TrackingNames.Sagas, TrackingNames.Registry);
    }

    [Fact]
    public void Adding_a_saga_emits_it_and_keeps_the_other_cached()
    {
        var compilation = TestCompilation.Create(Sources.Contracts, Sources.OrderSaga);
        var (driver, _) = GeneratorHarness.Run(compilation);

        var added = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            Sources.ShipmentSaga, TestCompilation.ParseOptions, path: "ShipmentSaga.cs"));
        var second = driver.RunGenerators(added).GetRunResult().Results.Single();

        var reasons = second.TrackedSteps[TrackingNames.Sagas].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Cached, reasons);
        Assert.Contains(IncrementalStepRunReason.New, reasons);
        Assert.Contains(second.GeneratedSources, s => s.HintName == "Shop.Shipping.ShipmentSaga.g.cs");
    }

    [Fact]
    public void Renaming_the_correlation_property_regenerates_the_saga()
    {
        var compilation = TestCompilation.Create(Sources.Contracts, Sources.OrderSaga);
        var (driver, _) = GeneratorHarness.Run(compilation);

        var renamed = TestCompilation.Create(Sources.Contracts.Replace("OrderId", "PurchaseId"), Sources.OrderSaga.Replace("OrderId", "PurchaseId"));
        var second = driver.RunGenerators(renamed).GetRunResult().Results.Single();

        Assert.Contains(second.TrackedSteps[TrackingNames.Sagas].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("m.PurchaseId", second.GeneratedSources.Single(s => s.HintName == "Sagas.Generated.Registry.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Sagas_of_the_same_name_in_two_namespaces_get_two_files()
    {
        var second = Sources.OrderSaga.Replace("namespace Shop.Orders;", "namespace Shop.Returns;\nusing Shop.Orders;")
            .Replace("public sealed class OrderData", "public sealed class ReturnData").Replace("OrderData>", "ReturnData>");

        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga, second));

        Assert.Contains("Shop.Orders.OrderSaga.g.cs", GeneratorHarness.GeneratedSources(driver).Keys);
        Assert.Contains("Shop.Returns.OrderSaga.g.cs", GeneratorHarness.GeneratedSources(driver).Keys);
    }

    [Fact]
    public void A_handler_of_a_live_and_a_final_state_runs_in_the_live_one_only_while_live_and_in_the_final_one_always()
    {
        var source = Sources.OrderSaga.Replace("[When(State.Compensated), Then(State.Compensated)]", "[When(State.AwaitingPayment, State.Compensated), Then(State.Compensated)]");
        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(Sources.Contracts, source));

        var saga = GeneratorHarness.GeneratedSources(driver)["Shop.Orders.OrderSaga.g.cs"];

        Assert.Contains(
            "case global::Shop.Orders.PaymentCaptured m when current is not null && ((!current.IsFinal && (saga.CurrentState == global::Shop.Orders.OrderSaga.State.AwaitingPayment)) "
                + "|| (saga.CurrentState == global::Shop.Orders.OrderSaga.State.Compensated)):",
            saga,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_saga_that_is_not_partial_is_skipped_quietly()
    {
        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(Sources.Contracts, Sources.OrderSaga.Replace("sealed partial class", "sealed class")
            .Replace("private void Refund", "private void RefundNotUsed").Replace("nameof(Refund)", "nameof(RefundNotUsed)")));

        Assert.DoesNotContain("Shop.Orders.OrderSaga.g.cs", GeneratorHarness.GeneratedSources(driver).Keys);
    }

    [Theory]
    [InlineData("no compensation at all", "[When(State.AwaitingStock), Then(State.Compensated), Compensate]", "[When(State.AwaitingStock), Then(State.Compensated)]")]
    [InlineData("a failure handler but no compensable step", ", CompensatedBy(nameof(Refund))", "")]
    public void Sagas_without_compensations_compile_cleanly(string scenario, string replace, string with)
    {
        var source = Sources.OrderSaga.Replace(replace, with).Replace("private void Refund", "public void Refund");
        Assert.NotEqual(Sources.OrderSaga, source);

        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(Sources.Contracts, source));

        Assert.True(GeneratorHarness.GeneratedSources(driver).ContainsKey("Shop.Orders.OrderSaga.g.cs"), scenario);
    }

    [Fact]
    public void A_wire_name_used_twice_still_compiles_so_that_only_SAGA021_reports_it()
    {
        var contracts = Sources.Contracts.Replace("[Event] public sealed record StockReserved", "[Event(\"OrderPlaced\")] public sealed record StockReserved");

        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(contracts, Sources.OrderSaga));

        // Once in each TryDeserialize: the current shape's, and the versioned one's.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"], "case \"OrderPlaced\":").Count);
    }

    [Theory]
    [InlineData("ulong")]
    [InlineData("uint")]
    [InlineData("short")]
    [InlineData("string")]
    public void Every_supported_key_type_compiles(string keyType)
    {
        var source = $$"""
            using Sagas;

            namespace Shop.Keys;

            [Event] public sealed record AccountOpened({{keyType}} AccountId);
            [Event] public sealed record AccountClosed({{keyType}} AccountId);

            public sealed class AccountData
            {
                public {{keyType}} AccountId { get; set; } = default!;
            }

            [Saga]
            public sealed partial class AccountSaga : Saga<AccountSaga.State, AccountData>
            {
                public enum State { Open, [Final] Closed }

                [StartedBy, Then(State.Open)]
                public void On(AccountOpened e) => Data.AccountId = e.AccountId;

                [When(State.Open), Then(State.Closed)]
                public void On(AccountClosed e) { }
            }
            """;

        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(source));

        Assert.Contains("Shop.Keys.AccountSaga.g.cs", GeneratorHarness.GeneratedSources(driver).Keys);
    }

    private static void AssertAllCached(GeneratorRunResult result, params string[] steps)
    {
        foreach (var step in steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"Step {step} did not run.");
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step {step} produced {output.Reason}; it should have been cached.");
            }
        }
    }
}
