using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Tests;

/// <summary>
/// The read model of saga states in memory: counts by state and the instances of a state by their
/// last change follow every saved step, stuck instances are one query, and a rebuild agrees.
/// </summary>
public sealed class SagaStateIndexTests
{
    private static readonly string Charge = ChargeSaga.SagaDefinition.Instance.Name;
    private readonly ManualTime _time = new();

    [Fact]
    public async Task Counts_by_state_follow_each_step_and_leave_participants_records_out()
    {
        await using var harness = Harness();
        var index = harness.Services.GetRequiredService<ISagaStateIndex>();
        await harness.PublishAndDrainAsync(new ChargeRequested("c-1"), new ChargeRequested("c-2"), new ChargeRequested("c-3"));
        Assert.Equal([new SagaStateCount("AwaitingCapture", 3)], await index.CountByStateAsync(Charge, default));

        await harness.PublishAndDrainAsync(new ChargeCaptured("c-2", "pay-2"));
        Assert.Equal([new SagaStateCount("AwaitingCapture", 2), new SagaStateCount("Captured", 1)], await index.CountByStateAsync(Charge, default));

        _time.Advance(ChargeSaga.CaptureTimeout); // the other two time out
        await harness.DrainAsync();
        Assert.Equal([new SagaStateCount("Abandoned", 2), new SagaStateCount("Captured", 1)], await index.CountByStateAsync(Charge, default));

        // A late capture refunds through a participant, whose record of the message is no saga.
        await harness.PublishAndDrainAsync(new ChargeCaptured("c-1", "pay-1"));
        Assert.Single(harness.Services.GetRequiredService<Recorded>().Items.OfType<RefundCharge>()); // the participant handled it
        Assert.Empty(await index.CountByStateAsync(typeof(ChargeRefunds).FullName!, default));
    }

    [Fact]
    public async Task The_instances_of_a_state_come_oldest_change_first_and_the_stuck_ones_are_one_query()
    {
        await using var harness = Harness();
        var index = harness.Services.GetRequiredService<ISagaStateIndex>();
        var started = _time.GetUtcNow();
        foreach (var id in new[] { "old", "middle", "new" })
        {
            await harness.PublishAndDrainAsync(new ChargeRequested(id));
            _time.Advance(TimeSpan.FromSeconds(5)); // well within the charge's timeout
        }

        var all = await index.ListAsync(Charge, "AwaitingCapture", changedBefore: null, skip: 0, take: 10, default);
        Assert.Equal(["old", "middle", "new"], all.Select(e => e.CorrelationKey));
        Assert.Equal(started, all[0].ChangedAt);
        Assert.Equal(["middle"], (await index.ListAsync(Charge, "AwaitingCapture", null, skip: 1, take: 1, default)).Select(e => e.CorrelationKey));

        // Unchanged for more than 7 s: the two oldest.
        var stuck = await index.ListAsync(Charge, "AwaitingCapture", _time.GetUtcNow() - TimeSpan.FromSeconds(7), 0, 10, default);
        Assert.Equal(["old", "middle"], stuck.Select(e => e.CorrelationKey));

        // A step moves an instance to the end of its new state.
        await harness.PublishAndDrainAsync(new ChargeCaptured("old", "pay-1"));
        Assert.Equal(["middle", "new"], (await index.ListAsync(Charge, "AwaitingCapture", null, 0, 10, default)).Select(e => e.CorrelationKey));
        Assert.Equal(["old"], (await index.ListAsync(Charge, "Captured", null, 0, 10, default)).Select(e => e.CorrelationKey));
    }

    [Fact]
    public async Task A_finished_instance_leaves_the_read_model_when_the_store_forgets_it_and_a_rebuild_agrees()
    {
        await using var harness = Harness(o => o.InMemory.CompletedRetention = TimeSpan.FromSeconds(10));
        var index = harness.Services.GetRequiredService<ISagaStateIndex>();
        await harness.PublishAndDrainAsync(new ChargeRequested("done"), new ChargeRequested("open"));
        await harness.PublishAndDrainAsync(new ChargeCaptured("done", "pay-1"));
        var before = await index.CountByStateAsync(Charge, default);

        Assert.Equal(2, await index.RebuildAsync(Charge, default));
        Assert.Equal(before, await index.CountByStateAsync(Charge, default));

        _time.Advance(TimeSpan.FromSeconds(20)); // past the retention, not yet at the open one's timeout
        await harness.PublishAndDrainAsync(new ChargeRequested("later")); // a save forgets what outlived its retention
        Assert.Equal([new SagaStateCount("AwaitingCapture", 2)], await index.CountByStateAsync(Charge, default));
        Assert.Equal(2, await index.RebuildAsync(Charge, default));
    }

    [Fact]
    public async Task The_generated_router_lists_every_saga_of_the_application_for_the_tools_that_show_them()
    {
        await using var harness = Harness();

        var sagas = harness.Services.GetRequiredService<ISagaRouter>().Sagas;

        Assert.Contains(ChargeSaga.SagaDefinition.Instance, sagas);
        Assert.Contains(MoveSaga.SagaDefinition.Instance, sagas);
        Assert.Contains(BookingWorkflow.SagaDefinition.Instance, sagas); // workflows too
        Assert.Equal(sagas.Count, sagas.Select(s => s.Name).Distinct().Count());
    }

    private EngineHarness Harness(Action<SagasOptions>? configure = null) => new(configure, b =>
    {
        b.Services.AddSingleton<TimeProvider>(_time);
        b.AddChargeRefunds();
    });
}
