using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// The dead-letter stream through IDeadLetters: listed with filters, read in full, replayed to the
/// stream it came from (its saga then moves on), deleted; a dead letter naming a stream outside the
/// application's keys is never replayed.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisDeadLetterTests(RedisServerFixture redis)
{
    private readonly string _prefix = $"dead-{Guid.NewGuid():N}:";

    [RedisFact]
    public async Task A_reply_dead_lettered_before_its_saga_existed_is_replayed_and_the_saga_finishes()
    {
        await using var app = await StartAsync();
        var deadLetters = app.Services.GetRequiredService<IDeadLetters>();
        var id = Guid.NewGuid();
        await app.Bus.PublishAsync(new ParcelDispatched(id)); // no shipment yet: dead-lettered (MissingSaga = Fault)
        var dead = await SingleDeadLetterAsync(deadLetters);
        Assert.Equal(("test.parcel-dispatched", "shipping", id.ToString("D")), (dead.MessageType, dead.Service, dead.CorrelationId));
        Assert.Equal(typeof(SagaNotFoundException).FullName, dead.ExceptionType);
        Assert.Contains(id.ToString("D"), dead.Body, StringComparison.Ordinal);
        Assert.Equal(dead, await deadLetters.GetAsync(dead.Id, default));
        Assert.Empty(await deadLetters.ListAsync(new DeadLetterQuery { Service = "billing" }, default));

        await app.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 60_000, ParcelGetsLost: true)); // waits for the reply
        await StreamsApp.EventuallyAsync(() => app.TransitionsOf(id).Count == 1, "the shipment started");
        Assert.True(await deadLetters.ReplayAsync(dead.Id, "ops@example.com", default));

        await app.FinishedAsync(id);
        Assert.Equal("Dispatched", app.TransitionsOf(id)[^1].ToState);
        Assert.Null(await deadLetters.GetAsync(dead.Id, default));
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var replayed = (await raw.GetDatabase().StreamRangeAsync(dead.Source!)).Single(e => e["replayed.from"] == dead.Id);
        Assert.Equal("ops@example.com", (string?)replayed["replayed.by"]);
    }

    [RedisFact]
    public async Task A_deleted_dead_letter_is_gone_and_one_naming_a_foreign_stream_is_refused()
    {
        await using var app = await StartAsync();
        var deadLetters = app.Services.GetRequiredService<IDeadLetters>();
        await app.Bus.PublishAsync(new ParcelDispatched(Guid.NewGuid()));
        var dead = await SingleDeadLetterAsync(deadLetters);

        Assert.True(await deadLetters.DeleteAsync(dead.Id, "ops@example.com", default));
        Assert.Empty(await deadLetters.ListAsync(new DeadLetterQuery(), default));
        Assert.False(await deadLetters.DeleteAsync(dead.Id, "ops@example.com", default));

        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var forged = await raw.GetDatabase().StreamAddAsync(_prefix + "dead-letters", [new("id", "m1"), new("type", "x"), new("body", "{}"), new("dead.reason", "forged"), new("dead.stream", "other-app:stream")]);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => deadLetters.ReplayAsync(forged!, "ops@example.com", default).AsTask());
        Assert.Contains("other-app:stream", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await deadLetters.GetAsync(forged!, default));
        Assert.False(await raw.GetDatabase().KeyExistsAsync("other-app:stream"));
    }

    private Task<StreamsApp> StartAsync() => StreamsApp.StartAsync(
        redis.Address,
        _prefix,
        sagas: b => b.Services.Configure<SagasOptions>(o => o.MissingSaga = MissingSagaPolicy.Fault));

    private static async Task<DeadLetterEntry> SingleDeadLetterAsync(IDeadLetters deadLetters)
    {
        IReadOnlyList<DeadLetterEntry> listed = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(30); listed.Count == 0 && DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            listed = await deadLetters.ListAsync(new DeadLetterQuery { MessageType = "test.parcel-dispatched", Reason = "DOES NOT START ONE" }, default);
        }

        return Assert.Single(listed);
    }
}
