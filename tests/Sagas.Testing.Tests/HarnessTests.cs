using Microsoft.Extensions.DependencyInjection;
using OrderFulfillment;
using Sagas.Testing;

namespace Sagas.Testing.Tests;

/// <summary>The harness itself: idleness, fake time, retries and dead letters, canned replies, what it records.</summary>
public sealed class HarnessTests
{
    private static SagaTestHarness NewHarness(Action<SagasOptions>? configure = null) => new(services =>
    {
        services.AddSingleton<IRefundLedger, InMemoryRefundLedger>();
        return services.AddSagas(configure).AddPaymentService().AddInventoryService().AddShippingService();
    });

    [Fact]
    public async Task Nothing_is_handled_until_the_test_asks_and_then_everything_the_message_causes_is()
    {
        await using var harness = NewHarness();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(new OrderPlaced(orderId, 10m, "sku-1"));
        Assert.Null(await harness.GetSagaAsync<OrderSaga, OrderData>(orderId));
        Assert.Single(harness.Published.Select<OrderPlaced>());

        var handled = await harness.IdleAsync();

        // OrderPlaced, CapturePayment, PaymentCaptured, ReserveStock, StockReserved, ShipOrder, OrderShipped.
        Assert.Equal(7, handled);
        Assert.Equal(["OrderPlaced", "CapturePayment", "PaymentCaptured", "ReserveStock", "StockReserved", "ShipOrder", "OrderShipped"], harness.Messages.Select(m => m.MessageType));
        Assert.Equal([typeof(CapturePayment), typeof(ReserveStock), typeof(ShipOrder)], harness.Sent.Select(m => m.Message.GetType()));
        Assert.Equal(0, await harness.IdleAsync());
        Assert.Equal(SagaTestHarness.DefaultStart, harness.Time.GetUtcNow());
    }

    [Fact]
    public async Task A_failing_participant_is_retried_on_the_fake_clock_then_dead_lettered_and_its_order_times_out()
    {
        await using var harness = NewHarness(o => o.SerializeInMemoryMessages = true);
        var attempts = 0;
        harness.Reply<CapturePayment>(_ =>
        {
            attempts++;
            throw new HttpRequestException("The bank is unreachable.");
        });
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(new OrderPlaced(orderId, 10m, "sku-1"));
        await harness.IdleAsync();
        Assert.Equal(1, attempts);
        Assert.Empty(harness.DeadLettered);

        // 0.2 s, 1 s and 5 s after each failure: three retries within the advance, each stop found as it is made.
        await harness.AdvanceTimeAsync(TimeSpan.FromSeconds(7));
        Assert.Equal(4, attempts);
        var dead = Assert.Single(harness.DeadLettered);
        Assert.Equal(orderId, Assert.IsType<CapturePayment>(dead.Message).OrderId);
        Assert.Equal("The bank is unreachable.", dead.Reason);
        Assert.IsType<HttpRequestException>(dead.Exception);
        Assert.Equal("AwaitingPayment", (await harness.GetSagaAsync<OrderSaga, OrderData>(orderId))!.State);

        await harness.AdvanceTimeAsync(OrderSaga.PaymentTimeout);

        var order = await harness.GetSagaAsync<OrderSaga, OrderData>(orderId);
        Assert.Equal("Compensated", order!.State);
        Assert.Equal("PaymentTimedOut", order.History[^1].MessageType);
        Assert.Equal(SagaTestHarness.DefaultStart + OrderSaga.PaymentTimeout, order.History[^1].At);
    }

    [Fact]
    public async Task Without_retry_delays_a_failure_is_dead_lettered_at_once()
    {
        await using var harness = NewHarness(o => o.RetryDelays = []);
        harness.Reply<ReserveStock>(_ => throw new InvalidOperationException("The warehouse is on fire."));

        await harness.PublishAsync(new OrderPlaced(Guid.NewGuid(), 10m, "sku-1"));
        await harness.IdleAsync();

        Assert.Single(harness.DeadLettered.Select<ReserveStock>());
    }

    [Fact]
    public async Task A_dead_letter_replayed_through_IDeadLetters_is_handled_at_the_next_idle()
    {
        await using var harness = NewHarness(o => o.RetryDelays = []);
        var bankUp = false;
        harness.Reply<CapturePayment>(c => bankUp ? new PaymentCaptured(c.OrderId, "pay-1") : throw new HttpRequestException("The bank is unreachable."));
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(new OrderPlaced(orderId, 10m, "sku-1"));
        await harness.IdleAsync();
        var deadLetters = harness.Services.GetRequiredService<IDeadLetters>();
        var entry = Assert.Single(await deadLetters.ListAsync(new DeadLetterQuery(), default));

        bankUp = true;
        Assert.True(await deadLetters.ReplayAsync(entry.Id, "test", default));
        await harness.IdleAsync();

        Assert.Empty(harness.DeadLettered);
        Assert.Equal("Completed", (await harness.GetSagaAsync<OrderSaga, OrderData>(orderId))!.State);
    }

    [Fact]
    public async Task The_hosted_worker_a_service_registers_is_not_started_the_harness_is_the_worker()
    {
        await using var harness = new SagaTestHarness(services =>
        {
            services.AddSingleton<IRefundLedger, InMemoryRefundLedger>();
            return services.AddSagas().AddPaymentService().AddInventoryService().AddShippingService().AddHostedWorker();
        });
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(new OrderPlaced(orderId, 10m, "sku-1"));
        await Task.Delay(50);
        Assert.Null(await harness.GetSagaAsync<OrderSaga, OrderData>(orderId));

        await harness.IdleAsync();
        Assert.Equal("Completed", (await harness.GetSagaAsync<OrderSaga, OrderData>(orderId))!.State);
    }

    [Fact]
    public async Task A_timeout_is_listed_with_its_instance_until_it_fires()
    {
        await using var harness = NewHarness();
        harness.Reply<CapturePayment>(_ => null);
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(new OrderPlaced(orderId, 10m, "sku-1"));
        await harness.IdleAsync();

        var waiting = Assert.Single((await harness.GetSagaAsync<OrderSaga, OrderData>(orderId))!.Scheduled);
        Assert.Equal(harness.Time.Start + OrderSaga.PaymentTimeout, waiting.DeliverAt);
        Assert.Equal(orderId, Assert.Single(harness.Scheduled.Select<PaymentTimedOut>()).OrderId);

        await harness.AdvanceTimeAsync(OrderSaga.PaymentTimeout - TimeSpan.FromTicks(1));
        Assert.Equal("AwaitingPayment", (await harness.GetSagaAsync<OrderSaga, OrderData>(orderId))!.State);

        await harness.AdvanceTimeAsync(TimeSpan.FromTicks(1));
        var order = await harness.GetSagaAsync<OrderSaga, OrderData>(orderId);
        Assert.Equal("Compensated", order!.State);
        Assert.Empty(order.Scheduled);
    }

    [Fact]
    public async Task A_canned_reply_replaces_one_message_of_a_participant_and_leaves_its_others()
    {
        await using var harness = NewHarness();
        harness.Reply<ShipOrder>(_ => null);
        harness.Reply<ReserveStock>(r => new StockUnavailable(r.OrderId, r.Sku));
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(new OrderPlaced(orderId, 10m, "sku-1"));
        await harness.IdleAsync();

        // The real payment service captured, then refunded: its RefundPayment handler stayed.
        Assert.Equal("Compensated", (await harness.GetSagaAsync<OrderSaga, OrderData>(orderId))!.State);
        Assert.Single(harness.Published.Select<PaymentRefunded>());
        Assert.False(harness.Sent.Any<ShipOrder>());
    }

    [Fact]
    public async Task A_reply_registered_after_the_first_use_is_refused()
    {
        await using var harness = NewHarness();
        await harness.PublishAsync(new OrderPlaced(Guid.NewGuid(), 10m, "sku-1"));

        var refused = Assert.Throws<InvalidOperationException>(() => harness.Reply<ShipOrder>(_ => null));
        Assert.Contains("Reply<ShipOrder>", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_that_never_stop_coming_end_in_a_timeout_that_names_them()
    {
        await using var harness = NewHarness();
        harness.IdleTimeout = TimeSpan.FromMilliseconds(200);
        harness.Reply<CapturePayment>(c => c with { }); // answers every capture with another

        await harness.SendAsync(new CapturePayment(Guid.NewGuid(), 10m));
        var timedOut = await Assert.ThrowsAsync<SagaTestTimeoutException>(() => harness.IdleAsync());

        Assert.Contains("CapturePayment", timedOut.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<TimeoutException>(timedOut);
    }

    [Fact]
    public async Task A_handler_that_does_not_return_ends_in_a_timeout_that_names_its_message()
    {
        var never = new TaskCompletionSource();
        await using var harness = new SagaTestHarness(services =>
        {
            services.AddSingleton(never);
            return services.AddSagas().AddHandler<ReserveStock, StuckWarehouse>();
        });
        harness.IdleTimeout = TimeSpan.FromMilliseconds(200);

        await harness.SendAsync(new ReserveStock(Guid.NewGuid(), "sku-1"));
        var timedOut = await Assert.ThrowsAsync<SagaTestTimeoutException>(() => harness.IdleAsync());

        Assert.Contains("ReserveStock", timedOut.Message, StringComparison.Ordinal);
        never.SetResult();
    }

    [Fact]
    public async Task The_generated_registrations_of_the_referenced_service_reach_the_test_project()
    {
        await using var harness = NewHarness();

        // This project's AddSagas() composes the sample's sagas and messages; its participants' Add{Name}() are public.
        Assert.Contains(harness.Services.GetRequiredService<ISagaRouter>().Sagas, s => s.Name == "OrderFulfillment.OrderSaga");
        Assert.True(typeof(Sagas.Generated.OrderFulfillment.Participants).IsPublic);
        Assert.Contains("CapturePayment", harness.Services.GetRequiredService<MessageSubscriptions>().WireNames);
    }

    [Fact]
    public void A_handler_called_directly_records_what_it_sent_published_scheduled_and_cancelled()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(SagaTestHarness.DefaultStart);
        var context = new TestMessageContext("order-1", time);
        var orderId = Guid.NewGuid();

        context.Context.Send(new CapturePayment(orderId, 1m));
        context.Context.Publish(new OrderShipped(orderId, "t-1"));
        context.Context.Schedule(new PaymentTimedOut(orderId), TimeSpan.FromMinutes(1));
        context.Context.CancelScheduled<ShipmentTimedOut>();

        Assert.Equal(orderId, Assert.Single(context.Sent.Select<CapturePayment>()).OrderId);
        Assert.Single(context.Published.Select<OrderShipped>());
        Assert.Equal(SagaTestHarness.DefaultStart.AddMinutes(1), Assert.Single(context.Scheduled).DeliverAt);
        Assert.Equal(["ShipmentTimedOut"], context.CancelledSchedules);
        Assert.All(context.Context.Outgoing, e => Assert.Equal("order-1", e.CorrelationId));
        Assert.False(context.IsCompleted);
    }

    [Fact]
    public async Task With_the_application_registry_a_context_refuses_an_unregistered_message()
    {
        await using var harness = NewHarness();
        var context = new TestMessageContext(harness.Services.GetRequiredService<IMessageRegistry>());

        // What SAGA030 reports at build time, refused at run time too.
#pragma warning disable SAGA030
        Assert.Throws<UnknownMessageTypeException>(() => context.Context.Publish(new NotAMessage()));
        Assert.Throws<UnknownMessageTypeException>(() => new TestMessageContext().Context.Publish(new NotAMessage()));
#pragma warning restore SAGA030
    }

    private sealed record NotAMessage;

    private sealed class StuckWarehouse(TaskCompletionSource never) : IMessageHandler<ReserveStock>
    {
        public async ValueTask HandleAsync(ReserveStock message, MessageContext context, CancellationToken cancellationToken) => await never.Task;
    }

    [Fact]
    public async Task A_saga_given_in_a_state_takes_one_step_from_there()
    {
        await using var harness = NewHarness();
        var orderId = Guid.NewGuid();
        await harness.GivenSagaAsync<OrderSaga, OrderData>(orderId, OrderSaga.State.AwaitingStock, new OrderData { OrderId = orderId, Amount = 10m, Sku = "sku-9", PaymentId = "pay-given" });

        await harness.PublishAsync(new StockReserved(orderId));
        await harness.IdleAsync();

        var order = await harness.GetSagaAsync<OrderSaga, OrderData>(orderId);
        Assert.Equal("Completed", order!.State);
        Assert.Equal("pay-given", order.Data.PaymentId);
        Assert.True(harness.Sent.Any<ShipOrder>(s => s.OrderId == orderId));
    }

    [Fact]
    public async Task Giving_a_state_the_saga_lacks_or_a_key_taken_says_so()
    {
        await using var harness = NewHarness();
        var orderId = Guid.NewGuid();
        await harness.GivenSagaAsync<OrderSaga, OrderData>(orderId, OrderSaga.State.AwaitingPayment, new OrderData { OrderId = orderId });

        var taken = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.GivenSagaAsync<OrderSaga, OrderData>(orderId, OrderSaga.State.AwaitingStock, new OrderData { OrderId = orderId }));
        var wrong = await Assert.ThrowsAsync<ArgumentException>(() => harness.GivenSagaAsync<OrderSaga, OrderData>(Guid.NewGuid(), DayOfWeek.Monday, new OrderData()));

        Assert.Contains("exists already", taken.Message, StringComparison.Ordinal);
        Assert.Contains("has no state 'Monday'", wrong.Message, StringComparison.Ordinal);
    }
}
