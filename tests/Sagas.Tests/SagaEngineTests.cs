namespace Sagas.Tests;

public sealed class SagaEngineTests
{
    [Fact]
    public async Task An_order_runs_to_completion()
    {
        await using var harness = new EngineHarness();
        var orderId = Guid.NewGuid();

        await harness.Bus.PublishAsync(new OrderPlaced(orderId, 42m));
        await harness.DrainAsync();
        await harness.Bus.PublishAsync(new PaymentCaptured(orderId, "pay-1"));
        await harness.Bus.PublishAsync(new StockReserved(orderId));
        await harness.DrainAsync();

        Assert.Equal(
            [(null, "AwaitingPayment"), ("AwaitingPayment", "AwaitingStock"), ("AwaitingStock", "Completed")],
            harness.Transitions.Select(t => (t.FromState, t.ToState)));
        Assert.True(harness.Transitions[^1].IsFinal);
        var saved = await harness.LoadAsync(orderId);
        Assert.Equal("Completed", saved!.State);
        Assert.Equal(3, saved.Version);
        Assert.Contains("\"paymentId\":\"pay-1\"", saved.Data.Json);
        Assert.Equal([new CapturePayment(orderId, 42m)], harness.Recorded.Items.OfType<CapturePayment>());
    }

    [Fact]
    public async Task A_failed_step_runs_the_compensations_of_completed_steps()
    {
        await using var harness = new EngineHarness();
        var orderId = Guid.NewGuid();

        await harness.Bus.PublishAsync(new OrderPlaced(orderId, 10m));
        await harness.Bus.PublishAsync(new PaymentCaptured(orderId, "pay-7"));
        await harness.Bus.PublishAsync(new StockUnavailable(orderId));
        await harness.DrainAsync();

        Assert.Equal("Compensated", harness.Transitions[^1].ToState);
        Assert.Equal([new RefundPayment(orderId, "pay-7")], harness.Recorded.Items.OfType<RefundPayment>());
        Assert.Equal(0, ((InMemory.InMemorySagaStore)harness.Store).PendingOutboxCount);
    }

    [Fact]
    public async Task Compensations_run_in_reverse_order_of_completion()
    {
        await using var harness = new EngineHarness();

        await harness.Bus.PublishAsync(new TripRequested("trip-9"));
        await harness.Bus.PublishAsync(new FlightBooked("trip-9", "LH-1"));
        await harness.Bus.PublishAsync(new HotelBooked("trip-9", "H-2"));
        await harness.Bus.PublishAsync(new CarUnavailable("trip-9"));
        await harness.DrainAsync();

        Assert.Equal([new CancelHotel("trip-9", "H-2"), new CancelFlight("trip-9", "LH-1")], harness.Recorded.Items.OfType<object>()
            .Where(i => i is CancelHotel or CancelFlight));
        Assert.Equal("Cancelled", harness.Transitions[^1].ToState);
        Assert.Equal("trip-9", harness.Transitions[^1].Key.CorrelationKey);
    }

    [Fact]
    public async Task An_event_for_a_missing_instance_is_ignored_by_default()
    {
        await using var harness = new EngineHarness();
        var orderId = Guid.NewGuid();

        await HandleAsync(harness, new StockReserved(orderId));

        Assert.Null(await harness.LoadAsync(orderId));
        Assert.Empty(harness.Transitions);
    }

    [Fact]
    public async Task An_event_for_a_missing_instance_faults_when_the_policy_says_so()
    {
        await using var harness = new EngineHarness(o => o.MissingSaga = MissingSagaPolicy.Fault);
        var orderId = Guid.NewGuid();

        var exception = await Assert.ThrowsAsync<SagaNotFoundException>(() => HandleAsync(harness, new StockReserved(orderId)));

        Assert.Contains(orderId.ToString("D"), exception.Message);
        Assert.Contains("StockReserved", exception.Message);
        Assert.Null(await harness.LoadAsync(orderId));
    }

    [Fact]
    public async Task An_event_the_state_does_not_expect_faults_with_saga_state_and_event_named()
    {
        await using var harness = new EngineHarness();
        var orderId = Guid.NewGuid();
        await harness.Bus.PublishAsync(new OrderPlaced(orderId, 1m));
        await harness.DrainAsync();

        var exception = await Assert.ThrowsAsync<UnexpectedMessageException>(() => HandleAsync(harness, new StockReserved(orderId)));

        Assert.Equal("Sagas.Tests.OrderSaga", exception.SagaName);
        Assert.Equal("AwaitingPayment", exception.State);
        Assert.Contains("StockReserved", exception.Message);
        Assert.Equal(1, (await harness.LoadAsync(orderId))!.Version);
    }

    [Fact]
    public async Task A_redelivered_message_moves_the_saga_once()
    {
        await using var harness = new EngineHarness();
        var orderId = Guid.NewGuid();
        await harness.Bus.PublishAsync(new OrderPlaced(orderId, 1m));
        await harness.DrainAsync();
        var captured = Envelope.Create(new PaymentCaptured(orderId, "pay-1"), "PaymentCaptured");

        await harness.Engine.HandleAsync(captured, CancellationToken.None);
        await harness.Engine.HandleAsync(captured, CancellationToken.None);

        Assert.Equal(2, harness.Transitions.Count);
        Assert.Equal(2, (await harness.LoadAsync(orderId))!.Version);
    }

    [Fact]
    public async Task A_message_of_an_unregistered_type_is_refused_with_its_type_name()
    {
        await using var harness = new EngineHarness();
        var envelope = new Envelope { MessageId = "m-1", MessageType = "orders.cancelled.v9", Body = "{}"u8.ToArray() };

        var exception = await Assert.ThrowsAsync<UnknownMessageTypeException>(() => harness.Engine.HandleAsync(envelope, CancellationToken.None).AsTask());

        Assert.Equal("orders.cancelled.v9", exception.MessageType);
        Assert.Contains("'orders.cancelled.v9' is not registered", exception.Message);
    }

    [Fact]
    public async Task An_event_without_its_correlation_id_is_refused()
    {
        await using var harness = new EngineHarness();

        var exception = await Assert.ThrowsAsync<MissingCorrelationIdException>(() => HandleAsync(harness, new OrderPlaced(Guid.Empty, 1m)));

        Assert.Equal("OrderPlaced.OrderId", exception.Property);
    }

    [Fact]
    public async Task Messages_survive_a_serialization_round_trip_when_asked_to()
    {
        await using var harness = new EngineHarness(o => o.SerializeInMemoryMessages = true);
        var orderId = Guid.NewGuid();

        await harness.Bus.PublishAsync(new OrderPlaced(orderId, 12.5m));
        Assert.True(harness.Transport.TryReceive(out var incoming));
        Assert.Null(incoming.Envelope.Message);
        await harness.Engine.HandleAsync(incoming.Envelope, CancellationToken.None);
        await harness.DrainAsync();

        Assert.Equal([new CapturePayment(orderId, 12.5m)], harness.Recorded.Items.OfType<CapturePayment>());
    }

    private static Task HandleAsync(EngineHarness harness, object message) =>
        harness.Engine.HandleAsync(Envelope.Create(message, message.GetType().Name), CancellationToken.None).AsTask();
}
