using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Tests;

/// <summary>The admin API's read side in memory: saga types with counts, a state's instances, the stuck ones, one instance in full.</summary>
public sealed class SagaAdminTests
{
    private static readonly string Charge = ChargeSaga.SagaDefinition.Instance.Name;
    private readonly ManualTime _time = new();

    [Fact]
    public async Task Every_saga_type_is_listed_with_each_declared_state_counted()
    {
        await using var harness = Harness();
        await harness.PublishAndDrainAsync(new ChargeRequested("a"), new ChargeRequested("b"));
        await harness.PublishAndDrainAsync(new ChargeCaptured("a", "pay-a"));

        var types = await Admin(harness).GetSagaTypesAsync(default);

        var charge = Assert.Single(types, t => t.Name == Charge);
        Assert.Equal([new SagaStateCount("AwaitingCapture", 1), new SagaStateCount("Captured", 1), new SagaStateCount("Abandoned", 0)], charge.Counts);
        Assert.Contains(types, t => t.Name == MoveSaga.SagaDefinition.Instance.Name && t.Counts.All(c => c.Count == 0));
        Assert.Equal(types.Select(t => t.Name).Order(StringComparer.Ordinal), types.Select(t => t.Name));
    }

    [Fact]
    public async Task The_stuck_instances_are_the_live_ones_unchanged_for_longer_than_asked_the_oldest_first()
    {
        await using var harness = Harness();
        await harness.PublishAndDrainAsync(new ChargeRequested("oldest"), new ChargeRequested("captured"));
        _time.Advance(TimeSpan.FromSeconds(10));
        await harness.PublishAndDrainAsync(new ChargeRequested("recent"));
        await harness.PublishAndDrainAsync(new ChargeCaptured("captured", "pay-1")); // final: never stuck
        _time.Advance(TimeSpan.FromSeconds(5));

        var stuck = await Admin(harness).GetStuckAsync(Charge, TimeSpan.FromSeconds(12), take: 10, default);
        var all = await Admin(harness).GetStuckAsync(Charge, TimeSpan.Zero, take: 10, default);

        Assert.Equal(["oldest"], stuck.Select(e => e.CorrelationKey));
        Assert.Equal(["oldest", "recent"], all.Select(e => e.CorrelationKey));
        Assert.Equal(["captured"], (await Admin(harness).GetInstancesAsync(Charge, "Captured", 0, 10, default)).Select(e => e.CorrelationKey));
    }

    [Fact]
    public async Task One_instance_comes_with_its_data_history_flow_and_the_messages_its_state_accepts()
    {
        await using var harness = Harness();
        await harness.PublishAndDrainAsync(new ChargeRequested("full"));

        var details = await Admin(harness).GetInstanceAsync(Charge, "full", default);

        Assert.NotNull(details);
        Assert.Equal(("AwaitingCapture", false, 1L), (details.State, details.IsFinal, details.Version));
        Assert.Contains("\"chargeId\":\"full\"", details.DocumentJson, StringComparison.Ordinal);
        Assert.Equal(["ChargeRequested"], details.History.Select(h => h.MessageType));
        Assert.Equal(["ChargeCaptured", "ChargeTimedOut"], details.Accepts.Order(StringComparer.Ordinal));
        Assert.Contains(details.Flow, m => m.MessageType == "ChargeRequested");
        Assert.Null(await Admin(harness).GetInstanceAsync(Charge, "no-such-charge", default));
    }

    [Fact]
    public async Task An_unknown_saga_or_state_is_refused_with_the_names_that_exist()
    {
        await using var harness = Harness();

        var saga = await Assert.ThrowsAsync<ArgumentException>(() => Admin(harness).GetStuckAsync("Nope", TimeSpan.Zero, 10, default).AsTask());
        var state = await Assert.ThrowsAsync<ArgumentException>(() => Admin(harness).GetInstancesAsync(Charge, "Nowhere", 0, 10, default).AsTask());

        Assert.Contains(Charge, saga.Message, StringComparison.Ordinal);
        Assert.Contains("AwaitingCapture, Captured, Abandoned", state.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_sent_to_an_instance_by_an_operator_moves_it_on_with_the_repair_in_its_history()
    {
        await using var harness = Harness();
        await harness.PublishAndDrainAsync(new ChargeRequested("by-hand"));

        await Admin(harness).SendAsync(Charge, "by-hand", new ChargeCaptured("by-hand", "pay-9"), "ops@example.com", default);
        await harness.DrainAsync();

        var details = await Admin(harness).GetInstanceAsync(Charge, "by-hand", default);
        Assert.Equal("Captured", details!.State);
        Assert.Equal(
            [(null, "ChargeRequested"), ("sent ChargeCaptured by ops@example.com", ""), (null, "ChargeCaptured")],
            details.History.Select(h => (h.Note, h.MessageType)));
    }

    [Fact]
    public async Task A_message_the_instance_would_not_take_is_refused_before_anything_is_sent()
    {
        await using var harness = Harness();
        await harness.PublishAndDrainAsync(new ChargeRequested("open"), new ChargeRequested("done"));
        await harness.PublishAndDrainAsync(new ChargeCaptured("done", "pay-1"));
        var admin = Admin(harness);

        var wrongState = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.SendAsync(Charge, "open", new ChargeRequested("open"), "ops", default).AsTask());
        var finished = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.SendAsync(Charge, "done", new ChargeTimedOut("done"), "ops", default).AsTask());
        var elsewhere = await Assert.ThrowsAsync<ArgumentException>(() => admin.SendAsync(Charge, "open", new ChargeCaptured("done", "pay-2"), "ops", default).AsTask());
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.SendAsync(Charge, "nobody", new ChargeCaptured("nobody", "pay-3"), "ops", default).AsTask());

        Assert.Contains("it accepts ChargeCaptured, ChargeTimedOut", wrongState.Message, StringComparison.Ordinal);
        Assert.Contains("finished", finished.Message, StringComparison.Ordinal);
        Assert.Contains("routes it to", elsewhere.Message, StringComparison.Ordinal);
        Assert.Contains("No ", missing.Message, StringComparison.Ordinal);
        Assert.Equal(0, await harness.DrainAsync()); // nothing was sent
        Assert.Single((await admin.GetInstanceAsync(Charge, "open", default))!.History);
    }

    [Fact]
    public async Task While_compensating_an_instance_accepts_the_confirmations_its_compensations_await()
    {
        await using var harness = new EngineHarness(build: b =>
        {
            b.Services.AddSingleton<TimeProvider>(_time);
            b.AddHotelDesk();
        });
        var booking = BookingWorkflow.SagaDefinition.Instance.Name;
        var id = Guid.NewGuid();
        await harness.PublishAndDrainAsync(new BookingRequested(id, HotelDesk.StuckRoomGuest)); // declined; the room is never released
        var key = id.ToString("D");
        var admin = Admin(harness);

        var compensating = await admin.GetInstanceAsync(booking, key, default);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.SendAsync(booking, key, new CardCharged(id), "ops", default).AsTask());
        await admin.SendAsync(booking, key, new RoomReleased(id), "ops", default); // the hotel confirmed by phone
        await harness.DrainAsync();

        Assert.Equal("Compensating", compensating!.State);
        Assert.Equal(["RoomReleased"], compensating.Accepts);
        Assert.Contains("it accepts RoomReleased", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Compensated", (await admin.GetInstanceAsync(booking, key, default))!.State);
    }

    private static ISagaAdmin Admin(EngineHarness harness) => harness.Services.GetRequiredService<ISagaAdmin>();

    private EngineHarness Harness() => new(build: b =>
    {
        b.Services.AddSingleton<TimeProvider>(_time);
        b.AddChargeRefunds();
    });
}
