using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Analyzers;
using Sagas.Generators.Tests.Framework;
using static Sagas.Generators.Tests.Contracts.ContractSources;

namespace Sagas.Generators.Tests.Contracts;

/// <summary>
/// SAGA038: the code judged against the checked-in baseline, each break on its exact span (the
/// Roslyn testing framework checks the markup), and SAGA040 for a baseline it cannot read.
/// </summary>
public sealed class ContractAnalyzerTests
{
    private const string Id = "SAGA038";
    private const string File = "sagas.contracts.txt";

    [Fact]
    public Task Code_that_matches_its_baseline_is_quiet() => Verify(Code, Baseline);

    [Fact]
    public Task Without_a_baseline_nothing_is_checked() => RuleTest.VerifyAsync(new ContractAnalyzer(), Id, Changed("string City", "int City"));

    [Fact]
    public Task Additions_are_not_breaks_a_member_a_message_a_saga_state_and_a_data_member() => Verify(
        Changed("Guid OrderId, decimal Amount)", "Guid OrderId, decimal Amount, string Currency = \"EUR\")")
            .Replace("public enum State { AwaitingPayment,", "public enum State { AwaitingPayment, AwaitingStock,", StringComparison.Ordinal)
            .Replace("public decimal Total { get; set; }", "public decimal Total { get; set; }\n    public string? PaymentId { get; set; }", StringComparison.Ordinal)
            + "\n[Event] public sealed record OrderCancelled(Guid OrderId);\n",
        Baseline);

    [Fact]
    public Task A_retyped_member_is_reported_on_the_member() =>
        Verify(Changed("decimal Total, Address", "double [|Total|], Address"), Baseline);

    [Fact]
    public Task A_removed_member_is_reported_on_the_attribute() =>
        Verify(Changed("[Event(\"orders.placed\")]\npublic sealed record OrderPlaced(Guid OrderId, decimal Total,", "[[|Event(\"orders.placed\")|]]\npublic sealed record OrderPlaced(Guid OrderId,"), Baseline);

    [Fact]
    public Task A_nested_member_retyped_is_reported_once_on_the_member_that_holds_it() =>
        Verify(Changed("record Address(string Street, string City)", "record Address(string[] Street, string City)").Replace("Address ShipTo", "Address [|ShipTo|]", StringComparison.Ordinal), Baseline);

    [Fact]
    public Task A_member_of_a_collection_s_elements_removed_is_reported_under_the_collection() =>
        Verify(Changed("record Line(string Sku, int Quantity)", "record Line(string Sku)").Replace("[Event(\"orders.placed\")]", "[[|Event(\"orders.placed\")|]]", StringComparison.Ordinal), Baseline);

    [Fact]
    public Task A_member_renamed_in_code_but_not_in_JSON_is_not_a_break_nor_is_an_ignored_member_removed() => Verify(
        Changed("string PaymentId, [property: JsonIgnore] string? Note = null)", "string Payment)"),
        Baseline);

    [Fact]
    public Task An_enum_value_added_is_not_a_break() =>
        Verify(Changed("enum Priority { Normal, Rush }", "enum Priority { Normal, Rush, Overnight }"), Baseline);

    [Fact]
    public Task An_enum_value_renumbered_is_reported_on_the_member_that_holds_it_as_old_JSON_would_change_meaning() =>
        Verify(Changed("enum Priority { Normal, Rush }", "enum Priority { Rush, Normal }").Replace("Priority Priority =", "Priority {|SAGA038:{|SAGA038:Priority|}|} =", StringComparison.Ordinal), Baseline);

    [Fact]
    public async Task A_renumbered_enum_value_says_so()
    {
        var diagnostics = await DiagnoseAsync(Changed("enum Priority { Normal, Rush }", "enum Priority { Normal, Rush = 5 }"), Baseline);

        Assert.Equal(
            "Contract 'event orders.placed v1' renumbered enum value 'Priority.Rush' from 1 to 5 without a new version: version 1 messages in flight hold the old numbers, which now mean another value. Raise Version to 2 with an [UpcastFrom(1)] upcaster from the old shape, or restore the number.",
            Assert.Single(diagnostics).GetMessage());
    }

    [Fact]
    public Task A_changed_wire_name_is_reported_on_the_attribute() =>
        Verify(Changed("[Event(\"orders.placed\")]", "[[|Event(\"orders.submitted\")|]]"), Baseline);

    [Fact]
    public Task A_type_renamed_with_its_wire_name_pinned_is_not_a_break() =>
        Verify(Changed("[Event] public sealed record PaymentCaptured(", "[Event(\"PaymentCaptured\")] public sealed record PaymentTaken(").Replace("On(PaymentCaptured e)", "On(PaymentTaken e)", StringComparison.Ordinal), Baseline);

    [Fact]
    public Task A_renamed_type_without_a_pinned_name_is_reported_on_the_baseline_line_of_the_old_one() => Verify(
        Changed("[Event] public sealed record PaymentCaptured(", "[Event] public sealed record PaymentTaken(").Replace("On(PaymentCaptured e)", "On(PaymentTaken e)", StringComparison.Ordinal),
        BaselineChanged("event PaymentCaptured v1 Shop.PaymentCaptured", "[|event PaymentCaptured v1 Shop.PaymentCaptured|]"));

    [Fact]
    public Task A_raised_version_with_its_upcaster_may_change_any_member() => Verify(
        Changed(
            "[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);",
            """
            [Command(Version = 2)]
            public sealed record CapturePayment(Guid OrderId, long AmountInCents)
            {
                [UpcastFrom(1)] public static CapturePayment FromV1(CapturePaymentV1 old) => new(old.OrderId, (long)(old.Amount * 100));
            }

            public sealed record CapturePaymentV1(Guid OrderId, decimal Amount);
            """).Replace("new CapturePayment(e.OrderId, Amount: 10m)", "new CapturePayment(e.OrderId, 1000)", StringComparison.Ordinal),
        Baseline);

    [Fact]
    public Task A_lowered_version_is_reported_on_the_attribute() => Verify(
        Changed("[Command] public sealed record", "[[|Command|]] public sealed record"),
        BaselineChanged("command CapturePayment v1", "command CapturePayment v2"));

    [Fact]
    public Task A_saga_s_retyped_data_member_is_reported_on_the_member() =>
        Verify(Changed("public decimal Total { get; set; }", "public double [|Total|] { get; set; }"), Baseline);

    [Fact]
    public Task A_saga_s_removed_data_member_and_removed_state_are_reported_on_the_saga() => Verify(
        Changed("public decimal Total { get; set; }", "")
            .Replace("public enum State { AwaitingPayment, [Final] Completed }", "public enum State { AwaitingPayment, [Final] Done }", StringComparison.Ordinal)
            .Replace("Then(State.Completed)", "Then(State.Done)", StringComparison.Ordinal)
            .Replace("partial class OrderSaga :", "partial class {|SAGA038:{|SAGA038:OrderSaga|}|} :", StringComparison.Ordinal),
        Baseline);

    [Fact]
    public Task A_saga_s_changed_key_is_reported_on_the_key() => Verify(
        Changed("public Guid OrderId { get; set; }", "public string [|OrderId|] { get; set; } = \"\";").Replace("Data.OrderId = e.OrderId;", "Data.OrderId = e.OrderId.ToString();", StringComparison.Ordinal),
        // The key's member changed type too, reported with it.
        Baseline.Replace("  key OrderId: System.Guid\n  states AwaitingPayment Completed\n  OrderId: System.Guid", "  key OrderId: System.Guid\n  states AwaitingPayment Completed\n  OrderId: string", StringComparison.Ordinal));

    [Fact]
    public Task A_renamed_saga_is_reported_on_the_baseline_line_of_the_old_name() => Verify(
        Changed("partial class OrderSaga : Saga<OrderSaga.State", "partial class CheckoutSaga : Saga<CheckoutSaga.State"),
        BaselineChanged("saga Shop.OrderSaga", "[|saga Shop.OrderSaga|]"));

    [Fact]
    public Task An_unreadable_baseline_line_is_SAGA040_on_that_line_and_nothing_else_is_checked() => RuleTest.VerifyAsync(
        new ContractAnalyzer(),
        "SAGA040",
        Changed("string City", "int City"),
        (File, BaselineChanged("event PaymentCaptured v1 Shop.PaymentCaptured", "[|<<<<<<< HEAD|]\nevent PaymentCaptured v1 Shop.PaymentCaptured")));

    [Fact]
    public Task A_baseline_with_comments_blank_lines_and_a_spaced_wire_name_reads_so_SAGA040_stays_quiet() => RuleTest.VerifyAsync(
        new ContractAnalyzer(),
        "SAGA040",
        Changed("[Event(\"orders.placed\")]", "[Event(\"orders placed\")]"),
        (File, "// kept by hand\n\n\n" + BaselineChanged("event orders.placed v1", "event orders placed v1").Replace("\n  ", "\n    ", StringComparison.Ordinal) + "\n// end\n"));

    [Fact]
    public async Task The_message_names_the_change_and_the_fix()
    {
        var diagnostic = Assert.Single(await DiagnoseAsync(Changed("decimal Total, Address", "double Total, Address"), Baseline));

        Assert.Equal(
            "Contract 'event orders.placed v1' changed member 'Total' from decimal to double without a new version: version 1 messages in flight hold the old type. Raise Version to 2 with an [UpcastFrom(1)] upcaster from the old shape, or restore the type.",
            diagnostic.GetMessage());
    }

    [Fact]
    public async Task A_removed_saga_s_message_says_how_to_accept_it()
    {
        var diagnostic = Assert.Single(await DiagnoseAsync(Code, Baseline + "\nsaga Shop.ReturnSaga\n  data Shop.ReturnData\n  ReturnId: System.Guid\n"));

        Assert.Equal(
            "Contract 'saga Shop.ReturnSaga' is in sagas.contracts.txt but no saga of the code is stored under that name: its live instances would never load again. Rename the saga back, or delete its lines from sagas.contracts.txt once none is live.",
            diagnostic.GetMessage());
        Assert.Equal("/src/Shop/sagas.contracts.txt", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(33, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    private static Task Verify(string code, string baseline) =>
        RuleTest.VerifyAsync(new ContractAnalyzer(), Id, code, (File, baseline));

    private static async Task<ImmutableArray<Diagnostic>> DiagnoseAsync(string code, string baseline)
    {
        var options = new AnalyzerOptions([new BaselineFile(baseline)]);
        return await TestCompilation.Create(code).WithAnalyzers([new ContractAnalyzer()], options).GetAnalyzerDiagnosticsAsync();
    }
}
