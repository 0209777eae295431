using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// A poison stream entry, however large or odd, is set aside with its reason, and the valid
/// messages read in the same batch are all handled: no saga waits behind it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisPoisonTests(RedisServerFixture redis)
{
    private readonly string _prefix = $"poison-{Guid.NewGuid():N}:";

    [RedisFact]
    public async Task An_entry_of_five_thousand_fields_among_valid_replies_is_dead_lettered_and_every_saga_finishes()
    {
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var db = raw.GetDatabase();
        var ids = await PublishAroundPoisonAsync(db, [.. Enumerable.Range(0, 5000).Select(i => new NameValueEntry($"field-{i}", new string('x', 20)))]);

        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        foreach (var id in ids)
        {
            await app.FinishedAsync(id);
        }

        var dead = Assert.Single(await db.StreamRangeAsync(_prefix + "dead-letters"));
        Assert.True(dead.Values.Length > 5000);
        Assert.Contains("lacks 'id'", (string?)dead["dead.reason"], StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task An_entry_the_dead_letter_stream_refuses_is_acknowledged_and_quarantined_and_the_batch_goes_on()
    {
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var db = raw.GetDatabase();
        await db.StringSetAsync(_prefix + "dead-letters", "not a stream"); // every XADD to it fails: WRONGTYPE
        var ids = await PublishAroundPoisonAsync(db, [new NameValueEntry("binary\0name\u00ff", new byte[] { 0, 255, 1 })]);

        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        foreach (var id in ids)
        {
            await app.FinishedAsync(id);
        }

        var quarantined = Assert.Single(await db.StreamRangeAsync(_prefix + "quarantine"));
        Assert.Contains("WRONGTYPE", (string?)quarantined["quarantine.error"], StringComparison.Ordinal);
        Assert.Equal("1", (string?)quarantined["dead.fields"]);
        await StreamsApp.EventuallyAsync(() => db.StreamPending(_prefix + "stream:{p0}:test.shipment-requested", "shipping").PendingMessageCount == 0, "nothing pending");
    }

    // Valid requests, the poison entry in their midst, then more valid ones: one read takes them all.
    private async Task<List<Guid>> PublishAroundPoisonAsync(IDatabase db, NameValueEntry[] poison)
    {
        var stream = _prefix + "stream:{p0}:test.shipment-requested";
        var ids = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToList();
        await using (var publisher = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, service: "publisher"))
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (i == 3)
                {
                    await db.StreamAddAsync(stream, poison);
                }

                await publisher.Bus.PublishAsync(new ShipmentRequested(ids[i], OverdueAfterMs: 60_000));
            }
        }

        return ids;
    }
}
