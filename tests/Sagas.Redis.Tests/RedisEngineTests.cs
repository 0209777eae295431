using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Redis.Tests;

/// <summary>The whole engine path (route, load, dispatch, save) with the saga's state in a real Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisEngineTests(RedisServerFixture redis) : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSagas().UseRedis(redis.Address, o => o.KeyPrefix = $"engine-{Guid.NewGuid():N}:");
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _services.DisposeAsync().AsTask();

    [RedisFact]
    public async Task A_saga_runs_to_its_final_state_with_its_state_in_Redis()
    {
        var orderId = Guid.NewGuid();

        await HandleAsync(TestMessages.Wrap(new OrderPlaced(orderId, 3m)));
        await HandleAsync(TestMessages.Wrap(new PaymentCaptured(orderId, "pay-3")));

        var saved = await LoadAsync(orderId);
        Assert.Equal("Paid", saved!.State);
        Assert.Equal(2, saved.Version);
        Assert.Contains("\"paymentId\":\"pay-3\"", saved.Data.Json);
    }

    [RedisFact]
    public async Task A_message_delivered_twice_moves_the_saga_once()
    {
        var orderId = Guid.NewGuid();
        await HandleAsync(TestMessages.Wrap(new OrderPlaced(orderId, 3m)));
        var captured = TestMessages.Wrap(new PaymentCaptured(orderId, "pay-3"));

        await HandleAsync(captured);
        await HandleAsync(captured);

        Assert.Equal(2, (await LoadAsync(orderId))!.Version);
    }

    private Task HandleAsync(Envelope envelope) =>
        _services.GetRequiredService<SagaEngine>().HandleAsync(envelope, CancellationToken.None).AsTask();

    private Task<SagaSnapshot?> LoadAsync(Guid orderId) => _services.GetRequiredService<ISagaStore>()
        .LoadAsync(new SagaKey(PaymentSaga.SagaDefinition.Instance.Name, orderId.ToString("D")), "-", CancellationToken.None).AsTask();
}
