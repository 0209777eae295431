using Microsoft.Extensions.DependencyInjection;
using Sagas.InMemory;

namespace Sagas.Tests;

// Two sagas keyed by the same loan id that schedule the same message type.
[Event] public sealed record LoanOpened(string LoanId);
[Event] public sealed record LoanRepaid(string LoanId);
[Event] public sealed record LoanReviewDue(string LoanId);

public sealed class LoanData
{
    [CorrelationId] public string LoanId { get; set; } = "";
}

[Saga]
[Ignore(typeof(LoanReviewDue), State.Repaid)]
public sealed partial class LoanSaga : Saga<LoanSaga.State, LoanData>
{
    public static readonly TimeSpan ReviewAfter = TimeSpan.FromDays(90);

    public enum State { Open, [Final] Repaid, [Final] Reviewed }

    [StartedBy, Then(State.Open)]
    public void On(LoanOpened e, MessageContext context)
    {
        Data.LoanId = e.LoanId;
        context.Schedule(new LoanReviewDue(e.LoanId), ReviewAfter);
    }

    [When(State.Open), Then(State.Repaid)]
    public void On(LoanRepaid e, MessageContext context) => context.CancelScheduled<LoanReviewDue>();

    [When(State.Open), Then(State.Reviewed)]
    public void On(LoanReviewDue e)
    {
    }
}

/// <summary>The auditors review every loan, repaid or not.</summary>
[Saga]
public sealed partial class LoanAuditSaga : Saga<LoanAuditSaga.State, LoanData>
{
    public enum State { Watching, [Final] Audited }

    [StartedBy, Then(State.Watching)]
    public void On(LoanOpened e, MessageContext context)
    {
        Data.LoanId = e.LoanId;
        context.Schedule(new LoanReviewDue(e.LoanId), LoanSaga.ReviewAfter);
    }

    [When(State.Watching), Then(State.Audited)]
    public void On(LoanReviewDue e)
    {
    }
}

/// <summary>A cancelled timeout belongs to the saga that scheduled it, not to every saga sharing its key.</summary>
public sealed class ScheduleScopeTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public async Task Cancelling_a_timeout_leaves_the_same_timeout_of_another_saga_with_the_same_key()
    {
        // Finished loans kept past the review, so that the test can read the repaid one back.
        await using var harness = new EngineHarness(o => o.InMemory.CompletedRetention = LoanSaga.ReviewAfter * 2, b => b.Services.AddSingleton<TimeProvider>(_time));
        await harness.Bus.PublishAsync(new LoanOpened("loan-1"));
        await harness.DrainAsync();
        await harness.Bus.PublishAsync(new LoanRepaid("loan-1"));
        await harness.DrainAsync();

        _time.Advance(LoanSaga.ReviewAfter);
        await harness.DrainAsync();

        Assert.Equal("Repaid", (await LoadAsync(harness, LoanSaga.SagaDefinition.Instance.Name))!.State);
        Assert.Equal("Audited", (await LoadAsync(harness, LoanAuditSaga.SagaDefinition.Instance.Name))!.State);
        Assert.Equal(0, ((InMemoryScheduler)harness.Services.GetRequiredService<IMessageScheduler>()).PendingCount);
    }

    private static Task<SagaSnapshot?> LoadAsync(EngineHarness harness, string saga) =>
        harness.Store.LoadAsync(new SagaKey(saga, "loan-1"), "-", CancellationToken.None).AsTask();
}
