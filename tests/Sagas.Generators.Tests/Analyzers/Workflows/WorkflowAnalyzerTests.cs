using System.Globalization;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Analyzers;
using Sagas.Generators.Tests.Generator;

namespace Sagas.Generators.Tests.Analyzers.Workflows;

/// <summary>SAGA028: a [Workflow] the generator cannot compile says what to fix; one it can compiles cleanly.</summary>
public sealed class WorkflowAnalyzerTests
{
    public const string Workflow = """
        using System;
        using Sagas;

        namespace Shop;

        [Event] public sealed record OrderPlaced(Guid OrderId, decimal Amount);
        [Event] public sealed record PaymentCaptured(Guid OrderId, string PaymentId);
        [Event] public sealed record PaymentDeclined(Guid OrderId);
        [Event] public sealed record PaymentRefunded(Guid OrderId);
        [Event] public sealed record OrderShipped(Guid OrderId);
        [Event] public sealed record AuditNoted(string Text);
        [Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
        [Command] public sealed record RefundPayment(Guid OrderId, string PaymentId);
        [Command] public sealed record ShipOrder(Guid OrderId);

        public sealed class OrderData
        {
            [CorrelationId] public Guid OrderId { get; set; }
            public decimal Amount { get; set; }
            public string? PaymentId { get; set; }
        }

        [Workflow]
        public sealed partial class OrderWorkflow : Workflow<OrderData>
        {
            [StartedBy]
            public void Start(OrderPlaced e) => Data.Amount = e.Amount;

            [Step(1, Success = typeof(PaymentCaptured), Failure = typeof(PaymentDeclined), TimeoutSeconds = 30)]
            [CompensatedBy(nameof(Refund), ConfirmedBy = typeof(PaymentRefunded))]
            public CapturePayment Pay() => new(Data.OrderId, Data.Amount);

            [Step(2, Success = typeof(OrderShipped))]
            public ShipOrder Ship() => new(Data.OrderId);

            private void Captured(PaymentCaptured e) => Data.PaymentId = e.PaymentId;

            private void Refund(MessageContext context) => context.Send(new RefundPayment(Data.OrderId, Data.PaymentId!));
        }
        """;

    [Fact]
    public async Task A_valid_workflow_has_no_diagnostic_and_its_generated_code_compiles()
    {
        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new WorkflowAnalyzer(), Workflow)).Diagnostics);

        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(Workflow)); // fails on any warning in the output, or an uncached step
        Assert.Contains("Shop.OrderWorkflow.Workflow.g.cs", GeneratorHarness.GeneratedSources(driver).Keys);
    }

    [Theory]
    [InlineData("[Step(2, Success = typeof(OrderShipped))]", "[[|Step(1, Success = typeof(OrderShipped))|]]", "has two steps numbered 1")]
    [InlineData("[Step(2, Success = typeof(OrderShipped))]", "[[|Step(2)|]]", "has no Success; name the event that means it")]
    [InlineData("[Step(2, Success = typeof(OrderShipped))]", "[[|Step(2, Success = typeof(AuditNoted))|]]", "names Success = typeof(AuditNoted), which is not an [Event] carrying 'OrderId'")]
    [InlineData("[CompensatedBy(nameof(Refund), ConfirmedBy = typeof(PaymentRefunded))]", "[[|CompensatedBy(\"Refnd\", ConfirmedBy = typeof(PaymentRefunded))|]]", "names 'Refnd', which is no method of the workflow")]
    public async Task SAGA028_says_what_to_fix(string from, string to, string expected)
    {
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new WorkflowAnalyzer(), Workflow.Edit(from, to));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SAGA028", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains(expected, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA028_fires_on_a_step_that_takes_parameters()
    {
        var markup = Workflow
            .Edit("public ShipOrder Ship() => new(Data.OrderId);", "public ShipOrder Ship(int priority) => new(Data.OrderId);")
            .Edit("[Step(2, Success = typeof(OrderShipped))]", "[[|Step(2, Success = typeof(OrderShipped))|]]");
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new WorkflowAnalyzer(), markup);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Contains("marks 'Ship', which must be an instance method with no parameters returning the [Command] to send", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public [|OrderShipped|] Ship() => new(Data.OrderId);", "marks 'Ship', which returns 'OrderShipped', an [Event]: a step returns the [Command] it sends, then waits for its Success event. Return a [Command] that asks a participant to act")]
    [InlineData("public [|Guid|] Ship() => Data.OrderId;", "marks 'Ship', which returns 'Guid', not a [Command]: a step returns the [Command] it sends, then waits for its Success event. Mark 'Guid' [Command], or return a [Command]")]
    [InlineData("public [|void|] Ship() { }", "marks 'Ship', which returns void: a step returns the [Command] it sends, then waits for its Success event. Return the [Command] to send")]
    public async Task SAGA028_names_the_return_type_of_a_step_that_does_not_return_a_command(string step, string expected)
    {
        var markup = Workflow.Edit("public ShipOrder Ship() => new(Data.OrderId);", step);
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new WorkflowAnalyzer(), markup);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SAGA028", diagnostic.Id);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        Assert.Equal("Workflow 'OrderWorkflow' " + expected, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SAGA028_fires_on_a_workflow_that_is_not_partial()
    {
        var (diagnostics, _) = await AnalyzerTestHelper.AnalyzeAsync(new WorkflowAnalyzer(), Workflow.Edit("public sealed partial class OrderWorkflow", "public sealed class OrderWorkflow"));

        Assert.Contains(diagnostics, d => d.Id == "SAGA028" && d.GetMessage(CultureInfo.InvariantCulture).Contains("is not partial", StringComparison.Ordinal));
    }
}
