using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Redis.Tests;

/// <summary>
/// The saga catalog on one redis-server: each app declares the sagas it runs as it starts, so the
/// admin API (and the inspector) of a service that runs none lists them, with their counts and
/// instances, and refuses to send to them.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisSagaCatalogTests(RedisServerFixture redis)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string Shipment = ShipmentSaga.SagaDefinition.Instance.Name;
    private readonly string _prefix = $"catalog-{Guid.NewGuid():N}:";

    [RedisFact]
    public async Task A_service_without_sagas_lists_those_another_service_runs_on_the_same_Redis()
    {
        await using var shipping = await StreamsApp.StartAsync(redis.Address, _prefix, service: "shipping");
        await using var billing = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, service: "billing", sagas: s => s.WithoutSagas());
        var id = Guid.NewGuid();
        await shipping.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 600_000, ParcelGetsLost: true));
        await StreamsApp.EventuallyAsync(() => shipping.TransitionsOf(id).Count == 1, "the shipment started");
        var admin = billing.Services.GetRequiredService<ISagaAdmin>();

        var types = await admin.GetSagaTypesAsync(None);
        var instance = await admin.GetInstanceAsync(Shipment, id.ToString("D"), None);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            admin.SendAsync(Shipment, id.ToString("D"), new ParcelDispatched(id), "ops", None).AsTask());

        var shipment = Assert.Single(types, t => t.Name == Shipment);
        Assert.Equal(("shipping", false), (shipment.Service, shipment.RunsHere));
        Assert.Equal(1, shipment.Counts.Sum(c => c.Count));
        Assert.Equal(ShipmentSaga.SagaDefinition.Instance.Description.States, shipment.Description.States);
        Assert.NotNull(instance);
        Assert.NotEmpty(instance.Accepts);
        Assert.Contains("runs in service shipping", refused.Message, StringComparison.Ordinal);
        var own = Assert.Single(await shipping.Services.GetRequiredService<ISagaAdmin>().GetSagaTypesAsync(None), t => t.Name == Shipment);
        Assert.Equal((null, true), (own.Service, own.RunsHere));
    }

    [RedisFact]
    public async Task An_unreadable_declaration_hides_that_saga_only()
    {
        await using var shipping = await StreamsApp.StartAsync(redis.Address, _prefix, service: "shipping");
        var database = (await shipping.Services.GetRequiredService<RedisConnection>().GetDatabaseAsync(None));
        await database.HashSetAsync(_prefix + "catalog:sagas", "Broken.Saga", "{not json");

        var declared = await shipping.Services.GetRequiredService<ISagaCatalog>().GetSagasAsync(None);

        Assert.Contains(declared, d => d.Description.Name == Shipment);
        Assert.DoesNotContain(declared, d => d.Description.Name == "Broken.Saga");
    }
}
