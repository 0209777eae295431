using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagas.InMemory;

namespace Sagas.Tests;

/// <summary>
/// The in-memory store, transport and scheduler stay bounded in a long-running process: finished
/// instances go after their retention or beyond the cap, flows beyond the cap, cancelled timeouts at once.
/// </summary>
public sealed class InMemoryRetentionTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public async Task A_finished_instance_is_forgotten_after_CompletedRetention_and_a_live_one_never()
    {
        await using var harness = Harness(o => o.InMemory.CompletedRetention = TimeSpan.FromMinutes(10));
        var settled = await SettleAsync(harness);
        var live = new InvoiceId(Guid.NewGuid());
        await harness.Bus.PublishAsync(new InvoiceIssued(live));
        await harness.DrainAsync();

        _time.Advance(TimeSpan.FromMinutes(9));
        await SettleAsync(harness);
        Assert.NotNull(await LoadAsync(harness, settled)); // younger than the retention

        _time.Advance(TimeSpan.FromMinutes(2));
        await SettleAsync(harness); // a save looks at the oldest finished

        Assert.Null(await LoadAsync(harness, settled));
        Assert.Equal("AwaitingPayment", (await LoadAsync(harness, live))!.State);
    }

    [Fact]
    public async Task Beyond_MaxCompleted_the_oldest_finished_instances_go_first_with_a_warning()
    {
        var logs = new LogRecorder();
        await using var harness = new EngineHarness(o => o.InMemory.MaxCompleted = 2, b => b.Services.AddSingleton<TimeProvider>(_time).AddLogging(l => l.AddProvider(logs)));
        var live = new InvoiceId(Guid.NewGuid());
        await harness.Bus.PublishAsync(new InvoiceIssued(live));
        await harness.DrainAsync();

        var first = await SettleAsync(harness);
        var second = await SettleAsync(harness);
        var third = await SettleAsync(harness);

        Assert.Null(await LoadAsync(harness, first));
        Assert.NotNull(await LoadAsync(harness, second));
        Assert.NotNull(await LoadAsync(harness, third));
        Assert.NotNull(await LoadAsync(harness, live));
        Assert.Equal(3, ((InMemorySagaStore)harness.Store).Count);
        var warning = Assert.Single(logs.Warnings);
        Assert.Contains("Sagas:InMemory:MaxCompleted (2)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beyond_MaxFlows_the_conversation_seen_first_is_forgotten()
    {
        await using var harness = Harness(o => o.InMemory.MaxFlows = 2);
        var transport = harness.Transport;
        foreach (var conversation in new[] { "a", "b", "a", "c" })
        {
            await transport.PublishAsync(Envelope.Create(new InvoicePaid(new InvoiceId(Guid.NewGuid())), "InvoicePaid", conversation), CancellationToken.None);
        }

        Assert.Empty(await transport.GetFlowAsync("a", CancellationToken.None));
        Assert.Single(await transport.GetFlowAsync("b", CancellationToken.None));
        Assert.Single(await transport.GetFlowAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task Cancelled_timeouts_in_their_thousands_leave_exactly_the_others_to_fire()
    {
        await using var harness = Harness(_ => { });
        var scheduler = (InMemoryScheduler)harness.Services.GetRequiredService<IMessageScheduler>();
        for (var i = 0; i < 3000; i++)
        {
            var envelope = Envelope.Create(new InvoiceOverdue(new InvoiceId(Guid.NewGuid())), "InvoiceOverdue", "invoice-" + i) with { DeliverAt = _time.GetUtcNow().AddMinutes(1 + (i % 7)) };
            await scheduler.ScheduleAsync(envelope, "InvoiceSaga", CancellationToken.None);
        }

        // Enough cancelled to rebuild the queue on the way; the rest must still fire, each once.
        for (var i = 100; i < 3000; i++)
        {
            await scheduler.CancelAsync("InvoiceSaga", "invoice-" + i, "InvoiceOverdue", CancellationToken.None);
        }

        Assert.Equal(100, scheduler.PendingCount);
        _time.Advance(TimeSpan.FromMinutes(10));

        // The timer fires inside Advance, and the in-memory transport takes each message at once.
        var delivered = new List<string>();
        while (harness.Transport.TryReceive(out var message))
        {
            delivered.Add(message.Envelope.CorrelationId!);
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => "invoice-" + i).Order(), delivered.Order());
        Assert.Equal(0, scheduler.PendingCount);
    }

    [Fact]
    public void Message_ids_are_32_hex_digits_and_unique()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Envelope.Create(new InvoicePaid(default), "InvoicePaid").MessageId).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }

    private async Task<InvoiceId> SettleAsync(EngineHarness harness)
    {
        var id = new InvoiceId(Guid.NewGuid());
        await harness.Bus.PublishAsync(new InvoiceIssued(id));
        await harness.Bus.PublishAsync(new InvoicePaid(id));
        await harness.DrainAsync();
        return id;
    }

    private EngineHarness Harness(Action<SagasOptions> configure) => new(configure, b => b.Services.AddSingleton<TimeProvider>(_time));

    private static Task<SagaSnapshot?> LoadAsync(EngineHarness harness, InvoiceId id) => harness.Store
        .LoadAsync(new SagaKey(InvoiceSaga.SagaDefinition.Instance.Name, id.Value.ToString("D")), "-", CancellationToken.None).AsTask();
}
