using Microsoft.Extensions.DependencyInjection;
using Sagas.InMemory;

namespace Sagas.Tests;

/// <summary>
/// The admin API's maintenance in memory: an instance's scheduled messages and outbox not yet
/// relayed, the deletion of a finished instance, and the transport's backlog.
/// </summary>
public sealed class SagaAdminMaintenanceTests
{
    private static readonly string Charge = ChargeSaga.SagaDefinition.Instance.Name;
    private readonly ManualTime _time = new();

    [Fact]
    public async Task An_instance_shows_its_timeout_until_it_is_cancelled()
    {
        await using var harness = Harness();
        var started = _time.GetUtcNow();
        await harness.PublishAndDrainAsync(new ChargeRequested("waiting"), new ChargeRequested("other"));

        var waiting = await Admin(harness).GetInstanceAsync(Charge, "waiting", default);

        var timeout = Assert.Single(waiting!.Scheduled);
        Assert.Equal(("ChargeTimedOut", "waiting", started + ChargeSaga.CaptureTimeout), (timeout.MessageType, timeout.CorrelationId, timeout.DeliverAt));
        await harness.PublishAndDrainAsync(new ChargeCaptured("waiting", "pay-1"));
        Assert.Empty((await Admin(harness).GetInstanceAsync(Charge, "waiting", default))!.Scheduled);
        Assert.Single((await Admin(harness).GetInstanceAsync(Charge, "other", default))!.Scheduled);
    }

    [Fact]
    public async Task An_outbox_not_yet_relayed_is_shown_and_keeps_the_instance_from_deletion()
    {
        await using var harness = Harness();
        var key = new SagaKey(Charge, "unsent");
        var refund = Envelope.Create(new RefundCharge("unsent", "pay-1"), "RefundCharge", "unsent");
        Assert.True(await harness.Store.TryCommitAsync(new SagaCommit(key, "Abandoned", SagaDocument.None, IsFinal: true, 0, "m-1", [refund]), default));

        var details = await Admin(harness).GetInstanceAsync(Charge, "unsent", default);
        var pending = await Assert.ThrowsAsync<InvalidOperationException>(() => Admin(harness).DeleteAsync(Charge, "unsent", "ops", default).AsTask());

        Assert.Equal([refund.MessageId], details!.PendingOutbox.Select(e => e.MessageId));
        Assert.Contains("relay", pending.Message, StringComparison.Ordinal);
        await harness.Store.RemoveFromOutboxAsync(key, [refund.MessageId], default);
        Assert.True(await Admin(harness).DeleteAsync(Charge, "unsent", "ops", default));
    }

    [Fact]
    public async Task A_finished_instance_is_deleted_with_its_history_and_read_model_entry()
    {
        await using var harness = Harness();
        await harness.PublishAndDrainAsync(new ChargeRequested("done"), new ChargeRequested("live"));
        await harness.PublishAndDrainAsync(new ChargeCaptured("done", "pay-1"));
        var admin = Admin(harness);

        Assert.True(await admin.DeleteAsync(Charge, "done", "ops@example.com", default));

        Assert.Null(await admin.GetInstanceAsync(Charge, "done", default));
        Assert.Empty(await harness.Services.GetRequiredService<ISagaHistory>().GetHistoryAsync(new SagaKey(Charge, "done"), default));
        var counts = Assert.Single(await admin.GetSagaTypesAsync(default), t => t.Name == Charge).Counts;
        Assert.Equal([new SagaStateCount("AwaitingCapture", 1), new SagaStateCount("Captured", 0), new SagaStateCount("Abandoned", 0)], counts);
        Assert.Empty(await admin.GetInstancesAsync(Charge, "Captured", 0, 10, default));
        Assert.False(await admin.DeleteAsync(Charge, "done", "ops@example.com", default));
    }

    [Fact]
    public async Task A_live_instance_is_refused_and_an_absent_one_is_false()
    {
        await using var harness = Harness();
        await harness.PublishAndDrainAsync(new ChargeRequested("live"));
        var admin = Admin(harness);

        var live = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.DeleteAsync(Charge, "live", "ops", default).AsTask());

        Assert.Contains("live", live.Message, StringComparison.Ordinal);
        Assert.Equal("AwaitingCapture", (await admin.GetInstanceAsync(Charge, "live", default))!.State);
        Assert.False(await admin.DeleteAsync(Charge, "nobody", "ops", default));
        await Assert.ThrowsAsync<ArgumentException>(() => admin.DeleteAsync("NoSuchSaga", "live", "ops", default).AsTask());
    }

    [Fact]
    public async Task A_key_deleted_and_used_again_starts_a_new_instance_that_the_old_ones_expiry_leaves_alone()
    {
        await using var harness = Harness(configure: o => o.InMemory.MaxCompleted = 1);
        await harness.PublishAndDrainAsync(new ChargeRequested("again"));
        await harness.PublishAndDrainAsync(new ChargeCaptured("again", "pay-1"));
        Assert.True(await Admin(harness).DeleteAsync(Charge, "again", "ops", default));

        await harness.PublishAndDrainAsync(new ChargeRequested("again"), new ChargeRequested("next"));
        await harness.PublishAndDrainAsync(new ChargeCaptured("next", "pay-2"));

        // The one finished instance kept is "next"; the deleted one, gone already, pushes out nothing.
        Assert.Equal("AwaitingCapture", (await Admin(harness).GetInstanceAsync(Charge, "again", default))!.State);
        Assert.Equal("Captured", (await Admin(harness).GetInstanceAsync(Charge, "next", default))!.State);
    }

    [Fact]
    public async Task The_backlog_counts_the_messages_queued_then_those_taken_until_settled()
    {
        await using var harness = Harness();
        var backlog = harness.Services.GetRequiredService<ITransportBacklog>();
        await harness.Bus.PublishAsync(new ChargeRequested("q1"));
        await harness.Bus.PublishAsync(new ChargeRequested("q2"));

        var queued = Assert.Single(await backlog.GetBacklogAsync(default));
        Assert.True(harness.Transport.TryReceive(out var taken));
        var during = Assert.Single(await backlog.GetBacklogAsync(default));
        await taken.AckAsync(default);
        await taken.AckAsync(default); // settled once, however often
        await harness.DrainAsync();

        Assert.Equal((InMemoryTransport.BacklogName, 2L, 0L), (queued.Service, queued.Lag, queued.Pending));
        Assert.Equal([new QueueBacklog(InMemoryTransport.BacklogName, 2, 0)], queued.Queues);
        Assert.Equal((1L, 1L), (during.Lag, during.Pending));
        var after = Assert.Single(await backlog.GetBacklogAsync(default));
        Assert.Equal((0L, 0L), (after.Lag, after.Pending));
    }

    private static ISagaAdmin Admin(EngineHarness harness) => harness.Services.GetRequiredService<ISagaAdmin>();

    private EngineHarness Harness(Action<SagasOptions>? configure = null) => new(configure, build: b =>
    {
        b.Services.AddSingleton<TimeProvider>(_time);
        b.AddChargeRefunds();
    });
}
