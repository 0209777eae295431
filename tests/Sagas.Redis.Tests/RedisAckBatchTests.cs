using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>Acknowledgements that come together go to Redis together: one XACK for many messages, and none is lost.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisAckBatchTests(RedisServerFixture redis)
{
    private readonly string _prefix = $"acks-{Guid.NewGuid():N}:";

    [RedisFact]
    public async Task Acknowledgements_made_at_once_share_an_xack_and_leave_nothing_pending()
    {
        const int Messages = 40;
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, streams: s => s.Partitions = 1);
        await using var receiving = app.Transport.ReceiveAsync(CancellationToken.None).GetAsyncEnumerator();
        for (var i = 0; i < Messages; i++)
        {
            await app.Bus.PublishAsync(new ShipmentRequested(Guid.NewGuid(), OverdueAfterMs: 60_000));
        }

        var received = new List<IncomingMessage>();
        while (received.Count < Messages)
        {
            Assert.True(await receiving.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            received.Add(receiving.Current);
        }

        using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Address + ",allowAdmin=true");
        var before = await XackCallsAsync(admin);
        await Task.WhenAll(received.Select(r => r.AckAsync(CancellationToken.None).AsTask()));
        var calls = await XackCallsAsync(admin) - before;

        // The first goes at once; the others, made while it travels, go in the next one or two.
        Assert.InRange(calls, 1, 3);
        var stream = _prefix + "stream:{p0}:test.shipment-requested";
        Assert.Equal(0, (await admin.GetDatabase().StreamPendingAsync(stream, "shipping")).PendingMessageCount);
    }

    private async Task<long> XackCallsAsync(ConnectionMultiplexer admin)
    {
        var stats = await admin.GetServer(redis.Address).InfoAsync("commandstats");
        var xack = stats.SelectMany(g => g).FirstOrDefault(p => p.Key == "cmdstat_xack").Value;
        return xack is null ? 0 : long.Parse(xack.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
