using Microsoft.Extensions.DependencyInjection;
using Sagas.InMemory;

namespace Sagas.Tests;

/// <summary>Timeouts, ignored messages, Complete() and strongly-typed keys, through the generated code and the engine.</summary>
public sealed class SagaFeaturesTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public async Task A_scheduled_timeout_is_delivered_when_due()
    {
        await using var harness = Harness();
        var id = new InvoiceId(Guid.NewGuid());
        await harness.Bus.PublishAsync(new InvoiceIssued(id));
        await harness.DrainAsync();

        _time.Advance(InvoiceSaga.PaymentTerm - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await harness.DrainAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        await harness.DrainAsync();

        Assert.Equal("Overdue", (await LoadAsync(harness, id))!.State);
    }

    [Fact]
    public async Task A_cancelled_timeout_never_fires()
    {
        await using var harness = Harness();
        var id = new InvoiceId(Guid.NewGuid());
        await harness.Bus.PublishAsync(new InvoiceIssued(id));
        await harness.DrainAsync();
        await harness.Bus.PublishAsync(new InvoicePaid(id));
        await harness.DrainAsync();

        _time.Advance(InvoiceSaga.PaymentTerm * 2);

        Assert.Equal(0, await harness.DrainAsync());
        Assert.Equal(0, ((InMemoryScheduler)harness.Services.GetRequiredService<IMessageScheduler>()).PendingCount);
        Assert.Equal("Settled", (await LoadAsync(harness, id))!.State);
    }

    [Fact]
    public async Task A_message_declared_ignored_in_a_state_is_dropped_without_a_fault()
    {
        await using var harness = Harness();
        var id = new InvoiceId(Guid.NewGuid());
        await harness.Bus.PublishAsync(new InvoiceIssued(id));
        await harness.Bus.PublishAsync(new InvoicePaid(id));
        await harness.Bus.PublishAsync(new InvoicePaid(id)); // a duplicate reply, ignored once settled
        await harness.Bus.PublishAsync(new InvoiceOverdue(id)); // a late timeout, ignored once settled
        await harness.DrainAsync();

        Assert.Equal(2, (await LoadAsync(harness, id))!.Version);
    }

    [Fact]
    public async Task Complete_finishes_an_instance_in_a_state_that_is_not_final()
    {
        await using var harness = Harness();
        var id = new InvoiceId(Guid.NewGuid());
        await harness.Bus.PublishAsync(new InvoiceIssued(id));
        await harness.Bus.PublishAsync(new InvoiceDisputed(id));
        await harness.DrainAsync();

        var saved = await LoadAsync(harness, id);
        Assert.Equal("Disputed", saved!.State);
        Assert.True(saved.IsFinal);
        Assert.True(harness.Transitions[^1].IsFinal);
        // A finished instance is settled by SagasOptions.FinishedSaga, not by the saga's DeadLetter policy for live ones.
        await harness.Engine.HandleAsync(Envelope.Create(new InvoicePaid(id), "InvoicePaid"), CancellationToken.None);
        Assert.Equal(saved.Version, (await LoadAsync(harness, id))!.Version);
    }

    [Fact]
    public async Task A_strongly_typed_id_is_the_key()
    {
        await using var harness = Harness();
        var id = new InvoiceId(Guid.NewGuid());

        await harness.Bus.PublishAsync(new InvoiceIssued(id));
        await harness.DrainAsync();

        Assert.Equal(id.Value.ToString("D"), harness.Transitions.Single().Key.CorrelationKey);
    }

    [Fact]
    public async Task A_saga_whose_policy_is_Ignore_drops_an_unexpected_message()
    {
        await using var harness = Harness();
        await harness.Bus.PublishAsync(new TripRequested("trip-1"));
        await harness.DrainAsync();

        await harness.Engine.HandleAsync(Envelope.Create(new HotelBooked("trip-1", "H-1"), "HotelBooked"), CancellationToken.None);

        Assert.Equal(UnexpectedMessagePolicy.Ignore, TripSaga.SagaDefinition.Instance.UnexpectedMessages);
        Assert.Single(harness.Transitions);
    }

    [Fact]
    public async Task A_saga_whose_policy_is_DeadLetter_says_so_in_the_exception()
    {
        await using var harness = Harness();
        var id = new InvoiceId(Guid.NewGuid());
        await harness.Bus.PublishAsync(new InvoiceIssued(id));
        await harness.DrainAsync();

        // A second InvoiceIssued for the same invoice: no handler starts it twice.
        var exception = await Assert.ThrowsAsync<UnexpectedMessageException>(() =>
            harness.Engine.HandleAsync(Envelope.Create(new InvoiceIssued(id), "InvoiceIssued"), CancellationToken.None).AsTask());

        Assert.Equal(UnexpectedMessagePolicy.DeadLetter, exception.Policy);
        Assert.Contains("in state AwaitingPayment", exception.Message);
    }

    [Fact]
    public void The_description_lists_states_transitions_ignores_and_draws_the_machine()
    {
        var description = InvoiceSaga.SagaDefinition.Instance.Description;

        Assert.Equal(["AwaitingPayment", "Disputed", "Settled", "Overdue"], description.States);
        Assert.Equal(["Settled", "Overdue"], description.FinalStates);
        Assert.Contains(new SagaTransitionDescription("AwaitingPayment", "InvoicePaid", "Settled", null, false), description.Transitions);
        Assert.Contains(new SagaIgnoreDescription("Settled", "InvoiceOverdue"), description.Ignored);
        Assert.Contains("AwaitingPayment --> Overdue : InvoiceOverdue", description.Mermaid);
        Assert.Contains("\"AwaitingPayment\" -> \"Overdue\" [label=\"InvoiceOverdue\"]", description.Dot);
    }

    private EngineHarness Harness() => new(build: b => b.Services.AddSingleton<TimeProvider>(_time));

    private static Task<SagaSnapshot?> LoadAsync(EngineHarness harness, InvoiceId id) => harness.Store
        .LoadAsync(new SagaKey(InvoiceSaga.SagaDefinition.Instance.Name, id.Value.ToString("D")), "-", CancellationToken.None).AsTask();
}
