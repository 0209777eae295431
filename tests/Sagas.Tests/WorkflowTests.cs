using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Tests;

/// <summary>
/// A [Workflow] runs as the state machine the generator compiles it into: each step's command
/// after the previous step's success, the compensations of the completed steps on a failure or a
/// timeout, newest first.
/// </summary>
public sealed class WorkflowTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public async Task Steps_run_in_order_each_after_the_previous_ones_success()
    {
        await using var harness = Harness();
        var id = await BookAsync(harness, "Ada");

        Assert.Equal([typeof(HoldRoom), typeof(ChargeCard), typeof(SendConfirmation)], Commands(harness));
        Assert.Equal(
            ["(new) -> Hold on BookingRequested", "Hold -> Charge on RoomHeld", "Charge -> Confirm on CardCharged", "Confirm -> Completed on ConfirmationSent"],
            History(harness, id));
        Assert.Equal("101", harness.Recorded.Items.OfType<ChargeCard>().Single().Room); // kept from RoomHeld by Held(RoomHeld)
    }

    [Fact]
    public async Task A_failed_step_undoes_the_completed_ones_and_ends_compensated()
    {
        await using var harness = Harness();
        var id = await BookAsync(harness, HotelDesk.DeclinedGuest);

        Assert.Equal([typeof(HoldRoom), typeof(ChargeCard), typeof(ReleaseRoom)], Commands(harness));
        Assert.Equal(["Charge -> Compensating on CardDeclined", "Compensating -> Compensated on RoomReleased"], History(harness, id).Skip(2));
    }

    [Fact]
    public async Task A_step_that_times_out_fails_like_a_failure_reply()
    {
        await using var harness = Harness();
        var id = await BookAsync(harness, HotelDesk.SilentBankGuest);
        Assert.Equal("Charge", (await LoadAsync(harness, id))!.State);

        _time.Advance(TimeSpan.FromSeconds(30));
        await harness.DrainAsync();

        Assert.Equal([typeof(HoldRoom), typeof(ChargeCard), typeof(ReleaseRoom)], Commands(harness));
        Assert.Equal("Compensated", (await LoadAsync(harness, id))!.State);
        Assert.Equal("Charge -> Compensating on BookingWorkflow.ChargeTimedOut", History(harness, id)[2]);
    }

    [Fact]
    public async Task A_compensation_never_confirmed_ends_the_workflow_failed()
    {
        await using var harness = Harness();
        var id = await BookAsync(harness, HotelDesk.StuckRoomGuest);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await harness.DrainAsync();
        }

        Assert.Equal([typeof(HoldRoom), typeof(ChargeCard), typeof(ReleaseRoom), typeof(ReleaseRoom), typeof(ReleaseRoom)], Commands(harness));
        Assert.Equal("Compensating -> Failed on Sagas.CompensationTimedOut", History(harness, id).Last());
        Assert.True((await LoadAsync(harness, id))!.IsFinal);
    }

    [Fact]
    public async Task A_first_step_that_fails_has_nothing_to_undo()
    {
        await using var harness = Harness();
        var id = await BookAsync(harness, HotelDesk.NoRoomGuest);

        Assert.Equal([typeof(HoldRoom)], Commands(harness));
        Assert.Equal("Hold -> Compensated on NoRoomLeft", History(harness, id).Last());
    }

    [Fact]
    public async Task The_timeout_of_a_step_that_succeeded_is_cancelled_and_ignored_if_it_comes()
    {
        await using var harness = Harness();
        var id = await BookAsync(harness, "Ada");

        await harness.Bus.PublishAsync(new BookingWorkflow.ChargeTimedOut(id)); // as if the cancellation lost the race
        await harness.DrainAsync();
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, await harness.DrainAsync());
        Assert.Equal("Completed", (await LoadAsync(harness, id))!.State);
    }

    [Fact]
    public void The_workflow_is_described_and_drawn_like_a_saga()
    {
        var description = BookingWorkflow.SagaDefinition.Instance.Description;

        Assert.Equal(["Hold", "Charge", "Confirm", "Completed", "Compensated", "Failed"], description.States);
        Assert.Contains("    Charge --> Compensated : BookingWorkflow.ChargeTimedOut / compensate\n", description.Mermaid, StringComparison.Ordinal);
        Assert.Contains("    Hold --> Charge : RoomHeld / undo: Release until RoomReleased\n", description.Mermaid, StringComparison.Ordinal);
    }

    private EngineHarness Harness() => new(build: b =>
    {
        b.Services.AddSingleton<TimeProvider>(_time);
        b.AddHotelDesk();
    });

    private static async Task<Guid> BookAsync(EngineHarness harness, string guest)
    {
        var id = Guid.NewGuid();
        await harness.Bus.PublishAsync(new BookingRequested(id, guest));
        await harness.DrainAsync();
        return id;
    }

    private static Type[] Commands(EngineHarness harness) =>
        [.. harness.Recorded.Items.Where(i => i is HoldRoom or ChargeCard or SendConfirmation or ReleaseRoom or RefundCard).Select(i => i.GetType())];

    private static List<string> History(EngineHarness harness, Guid id) =>
        [.. harness.Transitions.Where(t => t.Key.CorrelationKey == id.ToString("D")).Select(t => $"{t.FromState ?? "(new)"} -> {t.ToState} on {t.MessageType}")];

    private static Task<SagaSnapshot?> LoadAsync(EngineHarness harness, Guid id) =>
        harness.Store.LoadAsync(new SagaKey(BookingWorkflow.SagaDefinition.Instance.Name, id.ToString("D")), "-", CancellationToken.None).AsTask();
}
