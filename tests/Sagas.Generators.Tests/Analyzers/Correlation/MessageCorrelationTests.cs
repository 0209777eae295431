using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Sagas.Generators.Tests.Analyzers.Correlation;

/// <summary>SAGA015, SAGA016 and SAGA017: the key travels on every message handled and sent.</summary>
public sealed class MessageCorrelationTests
{
    [Fact]
    public async Task SAGA015_fires_on_a_handled_message_without_the_key()
    {
        var markup = CorrelationSources.Saga()
            .Edit("PaymentCaptured(Guid OrderId, string PaymentId)", "PaymentCaptured(string PaymentId)")
            .Edit("On(PaymentCaptured e", "On([|PaymentCaptured|] e");

        var diagnostic = await CorrelationKeyTests.SingleAsync(markup, "SAGA015");

        Assert.Equal(
            "'PaymentCaptured' has no property 'OrderId', so saga 'OrderSaga' cannot find the instance it belongs to. Add a property 'OrderId' of type Guid to the message.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SAGA016_fires_on_a_handled_message_whose_key_has_another_type()
    {
        var markup = CorrelationSources.Saga()
            .Edit("PaymentCaptured(Guid OrderId", "PaymentCaptured(string OrderId")
            .Edit("On(PaymentCaptured e", "On([|PaymentCaptured|] e");

        var diagnostic = await CorrelationKeyTests.SingleAsync(markup, "SAGA016");

        Assert.StartsWith("'PaymentCaptured.OrderId' is a string but the key of saga 'OrderSaga' is a Guid.", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA015_and_SAGA016_are_quiet_when_every_handled_message_carries_the_key()
    {
        Assert.Empty(await CorrelationKeyTests.CorrelationDiagnosticsAsync(CorrelationSources.Saga()));
    }

    [Fact]
    public async Task SAGA017_fires_once_on_the_first_send_of_a_command_without_the_key()
    {
        var markup = CorrelationSources.Saga()
            .Edit("[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount)", "[Command] public sealed record CapturePayment(decimal Amount)")
            .Edit("context.Send(new CapturePayment(e.OrderId, e.Amount));", SendTwice);

        var diagnostic = await CorrelationKeyTests.SingleAsync(markup, "SAGA017");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("sends 'CapturePayment', which has no 'OrderId' property of type Guid", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA017_is_quiet_on_a_keyless_type_that_is_not_a_registered_message()
    {
        var source = CorrelationSources.Saga()
            .Edit("[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount)", "public sealed record CapturePayment(decimal Amount)")
            .Edit("context.Send(new CapturePayment(e.OrderId, e.Amount));", SendTwice);

        Assert.Empty(await CorrelationKeyTests.CorrelationDiagnosticsAsync(source));
    }

    [Fact]
    public async Task SAGA017_fires_on_a_published_event_whose_key_has_another_type()
    {
        var markup = CorrelationSources.Saga()
            .Edit("OrderCompleted(Guid OrderId)", "OrderCompleted(string OrderId)")
            .Edit("context.Publish(new OrderCompleted(Data.OrderId));", "[|context.Publish(new OrderCompleted(Data.OrderId.ToString()))|];");

        await CorrelationKeyTests.SingleAsync(markup, "SAGA017");
    }

    [Fact]
    public async Task SAGA017_is_quiet_on_a_published_event_that_carries_the_key()
    {
        Assert.Empty(await CorrelationKeyTests.CorrelationDiagnosticsAsync(CorrelationSources.Saga()));
    }

    [Fact]
    public async Task SAGA017_is_quiet_on_a_command_sent_on_the_step_into_a_final_state()
    {
        var source = CorrelationSources.Saga()
            .Edit("[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount)", "[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);\n[Command] public sealed record SendReceipt(string Email)")
            .Edit("context.Publish(new OrderCompleted(Data.OrderId));", "context.Publish(new OrderCompleted(Data.OrderId)); context.Send(new SendReceipt(\"a@b.c\"));");

        Assert.Empty(await CorrelationKeyTests.CorrelationDiagnosticsAsync(source));
    }

    [Fact]
    public async Task SAGA017_is_quiet_on_a_command_sent_by_a_handler_that_completes_the_instance()
    {
        var source = CorrelationSources.Saga()
            .Edit("[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount)", "[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);\n[Command] public sealed record SendReceipt(string Email)")
            .Edit("public enum State { AwaitingPayment, [Final] Completed }", "public enum State { AwaitingPayment, Completed }")
            .Edit("context.Publish(new OrderCompleted(Data.OrderId));", "context.Publish(new OrderCompleted(Data.OrderId)); context.Send(new SendReceipt(\"a@b.c\")); context.Complete();");

        Assert.Empty(await CorrelationKeyTests.CorrelationDiagnosticsAsync(source));
    }

    [Fact]
    public async Task SAGA017_still_fires_on_a_command_sent_into_a_final_state_whose_handlers_await_a_reply()
    {
        var markup = CorrelationSources.Saga()
            .Edit("[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount)", "[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);\n[Command] public sealed record SendReceipt(string Email);\n[Event] public sealed record ReceiptSent(Guid OrderId)")
            .Edit("context.Publish(new OrderCompleted(Data.OrderId));", "context.Publish(new OrderCompleted(Data.OrderId)); [|context.Send(new SendReceipt(\"a@b.c\"))|];\n}\n[When(State.Completed), Then(State.Completed)]\npublic void On(ReceiptSent e)\n{");

        await CorrelationKeyTests.SingleAsync(markup, "SAGA017");
    }

    private const string SendTwice = "[|context.Send(new CapturePayment(e.Amount))|]; context.Send(new CapturePayment(0m));";
}
