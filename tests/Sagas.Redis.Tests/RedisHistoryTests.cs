using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>Every save appends the transition to the instance's history, in the same atomic step.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisHistoryTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = $"history-{Guid.NewGuid():N}:";
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSagas().UseRedis(redis.Address, o => o.KeyPrefix = _prefix);
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _services.DisposeAsync().AsTask();

    [RedisFact]
    public async Task The_history_lists_each_transition_with_its_message_and_states_in_order()
    {
        var orderId = Guid.NewGuid();
        var placed = TestMessages.Wrap(new OrderPlaced(orderId, 3m));
        var captured = TestMessages.Wrap(new PaymentCaptured(orderId, "pay-3"));
        var engine = _services.GetRequiredService<SagaEngine>();
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        await engine.HandleAsync(placed, CancellationToken.None);
        await engine.HandleAsync(captured, CancellationToken.None);
        await engine.HandleAsync(captured, CancellationToken.None); // a redelivery: no second entry

        var history = await _services.GetRequiredService<ISagaHistory>().GetHistoryAsync(new SagaKey(PaymentSaga.SagaDefinition.Instance.Name, orderId.ToString("D")), CancellationToken.None);
        Assert.Equal(
            [(placed.MessageId, "test.order-placed", (string?)null, "AwaitingPayment"), (captured.MessageId, "test.payment-captured", "AwaitingPayment", "Paid")],
            history.Select(h => (h.MessageId, h.MessageType, h.FromState, h.ToState)));
        Assert.All(history, h => Assert.True(h.At > before, $"{h.At} is not the time of the save"));
    }

    [RedisFact]
    public async Task A_rejected_save_adds_no_history()
    {
        var store = (RedisSagaStore)_services.GetRequiredService<ISagaStore>();
        var key = new SagaKey("Tests.OrderSaga", Guid.NewGuid().ToString());
        Assert.True(await store.TryCommitAsync(new SagaCommit(key, "A", "{}", false, 0, "m1", [], null, "x"), CancellationToken.None));

        Assert.False(await store.TryCommitAsync(new SagaCommit(key, "B", "{}", false, 0, "m2", [], null, "x"), CancellationToken.None));

        Assert.Single(await store.GetHistoryAsync(key, CancellationToken.None));
    }

    [RedisFact]
    public async Task An_operators_note_goes_into_the_history_of_an_existing_instance_only()
    {
        var store = (RedisSagaStore)_services.GetRequiredService<ISagaStore>();
        var history = _services.GetRequiredService<ISagaHistory>();
        var key = new SagaKey("Tests.OrderSaga", Guid.NewGuid().ToString());
        Assert.True(await store.TryCommitAsync(new SagaCommit(key, "A", "{}", false, 0, "m1", [], null, "x"), CancellationToken.None));

        Assert.True(await history.RecordNoteAsync(key, "sent y by ops", CancellationToken.None));
        Assert.False(await history.RecordNoteAsync(new SagaKey("Tests.OrderSaga", "nobody"), "sent y by ops", CancellationToken.None));

        var entries = await history.GetHistoryAsync(key, CancellationToken.None);
        Assert.Equal([(null, "x"), ("sent y by ops", "")], entries.Select(e => (e.Note, e.MessageType)));
        Assert.Equal(("A", "A"), (entries[1].FromState, entries[1].ToState));
    }
}
