using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagas.InMemory;

namespace Sagas.Tests;

public sealed class VersioningTests
{
    private static readonly string SagaName = DeliverySaga.SagaDefinition.Instance.Name;

    [Fact]
    public async Task A_version_1_body_is_upcast_for_a_saga_that_expects_version_2()
    {
        await using var harness = new EngineHarness();

        // As a worker from before the change wrote it: no version (so 1), the old shape.
        await harness.Engine.HandleAsync(Raw("deliveries.booked", version: null, """{"deliveryId":"d-1","street":"1 Quay Street"}"""), CancellationToken.None);

        var data = await DataAsync(harness, "d-1");
        Assert.Contains("\"address\":\"1 Quay Street\"", data);
        Assert.Contains("\"parcels\":1", data);
    }

    [Fact]
    public async Task A_version_1_body_goes_through_each_upcaster_to_version_3()
    {
        await using var harness = new EngineHarness();
        await harness.Engine.HandleAsync(Raw("deliveries.booked", version: 2, """{"deliveryId":"d-2","address":"2 Mill Lane","parcels":3}"""), CancellationToken.None);

        await harness.Engine.HandleAsync(Raw("deliveries.dispatched", version: 1, """{"deliveryId":"d-2","carrierName":"swiftvan"}"""), CancellationToken.None);

        var data = await DataAsync(harness, "d-2");
        Assert.Contains("\"parcels\":3", data);
        Assert.Contains("\"carrier\":\"SWIFTVAN\"", data);
        Assert.Contains("\"windowHours\":4", data);
    }

    [Fact]
    public async Task A_version_2_body_takes_only_the_last_upcaster()
    {
        await using var harness = new EngineHarness();
        await harness.Engine.HandleAsync(Raw("deliveries.booked", version: 2, """{"deliveryId":"d-3","address":"3 Dock Road","parcels":1}"""), CancellationToken.None);

        await harness.Engine.HandleAsync(Raw("deliveries.dispatched", version: 2, """{"deliveryId":"d-3","carrier":"slowvan"}"""), CancellationToken.None);

        var data = await DataAsync(harness, "d-3");
        Assert.Contains("\"carrier\":\"slowvan\"", data);
        Assert.Contains("\"windowHours\":4", data);
    }

    [Fact]
    public async Task Publishing_stamps_the_types_current_version()
    {
        await using var harness = new EngineHarness();

        await harness.Bus.PublishAsync(new DeliveryDispatched("d-4", "van", 2));
        await harness.Bus.PublishAsync(new DeliveryBooked("d-4", "4 Pier", 1));
        await harness.Bus.PublishAsync(new MoveRequested("m-4"));

        var versions = new List<(string, int)>();
        while (harness.Transport.TryReceive(out var incoming))
        {
            versions.Add((incoming.Envelope.MessageType, incoming.Envelope.Version));
        }

        Assert.Equal([("deliveries.dispatched", 3), ("deliveries.booked", 2), ("MoveRequested", 1)], versions);
        var registry = harness.Services.GetRequiredService<IMessageRegistry>();
        Assert.Equal(3, registry.VersionOf(typeof(DeliveryDispatched)));
        Assert.Equal(1, registry.VersionOf(typeof(MoveRequested)));
    }

    [Fact]
    public async Task What_a_saga_publishes_carries_its_types_current_version()
    {
        await using var harness = new EngineHarness();
        await harness.Engine.HandleAsync(Raw("deliveries.booked", version: 2, """{"deliveryId":"d-8","address":"8 Wharf","parcels":1}"""), CancellationToken.None);

        await harness.Engine.HandleAsync(Raw("deliveries.dispatched", version: 3, """{"deliveryId":"d-8","carrier":"van","windowHours":1}"""), CancellationToken.None);

        Assert.True(harness.Transport.TryReceive(out var announced));
        Assert.Equal(("deliveries.announced", 2), (announced.Envelope.MessageType, announced.Envelope.Version));
    }

    [Fact]
    public async Task A_message_from_a_newer_version_than_known_is_refused_naming_the_type_and_both_versions()
    {
        await using var harness = new EngineHarness();

        var exception = await Assert.ThrowsAsync<MessageVersionException>(
            () => harness.Engine.HandleAsync(Raw("deliveries.booked", version: 3, """{"deliveryId":"d-5"}"""), CancellationToken.None).AsTask());

        Assert.Equal("deliveries.booked", exception.MessageType);
        Assert.Equal((3, 2), (exception.Version, exception.KnownVersion));
        Assert.Contains("'deliveries.booked' (Sagas.Tests.DeliveryBooked) arrived at version 3, but this process knows it only up to version 2", exception.Message);
        Assert.Equal(FailureKind.Permanent, MessageFailures.Classify(exception, []));
    }

    [Fact]
    public async Task An_unversioned_type_refuses_a_version_2_message()
    {
        await using var harness = new EngineHarness();

        var exception = await Assert.ThrowsAsync<MessageVersionException>(
            () => harness.Engine.HandleAsync(Raw("MoveRequested", version: 2, """{"moveId":"m-6"}"""), CancellationToken.None).AsTask());

        Assert.Equal((2, 1), (exception.Version, exception.KnownVersion));
    }

    [Fact]
    public async Task A_too_new_message_is_dead_lettered_at_once_by_the_worker()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSagas(o => o.RetryDelays = [TimeSpan.FromMinutes(5)]).AddHostedWorker();
        using var host = builder.Build();
        await host.StartAsync();
        var transport = host.Services.GetRequiredService<InMemoryTransport>();

        await transport.PublishAsync(Raw("deliveries.dispatched", version: 4, """{"deliveryId":"d-7"}"""), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (transport.DeadLetters.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await host.StopAsync();
        var dead = Assert.Single(transport.DeadLetters);
        Assert.IsType<MessageVersionException>(dead.Exception);
        Assert.Contains("version 4", dead.Reason);
        Assert.Contains("up to version 3", dead.Reason);
    }

    private static Envelope Raw(string wireName, int? version, string body) => new()
    {
        MessageId = Guid.NewGuid().ToString("N"),
        MessageType = wireName,
        Version = version ?? 1,
        Body = Encoding.UTF8.GetBytes(body),
    };

    private static async Task<string> DataAsync(EngineHarness harness, string deliveryId)
    {
        var snapshot = await harness.Store.LoadAsync(new SagaKey(SagaName, deliveryId), "-", CancellationToken.None);
        Assert.NotNull(snapshot);
        return snapshot.Data.Json;
    }
}
