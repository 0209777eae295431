using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// Messages of an earlier version in flight across a deploy: written by the old workers (no
/// <c>version</c> field, the old JSON shape) to a stream, an outbox and the schedule, then read by
/// the new worker as the current version.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisVersioningTests(RedisServerFixture redis)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string Relocation = RelocationSaga.SagaDefinition.Instance.Name;
    private readonly string _prefix = $"test-{Guid.NewGuid():N}:";

    [RedisFact]
    public async Task Version_1_messages_in_streams_outboxes_and_schedules_are_handled_as_version_3_by_a_new_worker()
    {
        var (streamed, outboxed, scheduled, atVersion2, published) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var tallyId = Guid.NewGuid();
        var tallyKey = new SagaKey(TallySaga.SagaDefinition.Instance.Name, tallyId.ToString("D"));

        // Before the deploy: the old workers' writes, the bytes they wrote.
        await using (var old = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false))
        {
            await old.Transport.PublishAsync(Raw("r-1", streamed, $$"""{"relocationId":"{{streamed}}","city":"Lyon"}"""), None);
            await old.Transport.PublishAsync(Raw("r-2", atVersion2, $$"""{"relocationId":"{{atVersion2}}","destination":"Porto"}""") with { Version = 2 }, None);

            // A step the old worker saved, with a request still in its outbox, before it stopped;
            // the message of that step is redelivered to the new worker, which relays the outbox.
            var store = old.Services.GetRequiredService<ISagaStore>();
            var leftover = Raw("r-3", outboxed, $$"""{"relocationId":"{{outboxed}}","city":"Gent"}""") with { CausationId = "tally-1" };
            Assert.True(await store.TryCommitAsync(new SagaCommit(tallyKey, "Open", $$"""{"tallyId":"{{tallyId}}","count":0}""", false, 0, "tally-1", [leftover]), None));
            await old.Transport.PublishAsync(new Envelope { MessageId = "tally-1", MessageType = "test.tally-opened", CorrelationId = tallyKey.CorrelationKey, Body = Encoding.UTF8.GetBytes($$"""{"tallyId":"{{tallyId}}"}""") }, None);

            var scheduler = old.Services.GetRequiredService<IMessageScheduler>();
            await scheduler.ScheduleAsync(Raw("r-4", scheduled, $$"""{"relocationId":"{{scheduled}}","city":"Bern"}""") with { DeliverAt = DateTimeOffset.UtcNow.AddSeconds(1) }, "Tests.Old", None);
        }

        var raw = (await ConnectionMultiplexer.ConnectAsync(redis.Address)).GetDatabase();
        var keys = new RedisKeys(_prefix);
        Assert.DoesNotContain("\"version\"", Encoding.UTF8.GetString((byte[])(await raw.HashGetAsync(keys.Outbox(tallyKey), "r-3"))!));
        Assert.DoesNotContain("\"version\"", Encoding.UTF8.GetString((byte[])(await raw.HashGetAsync(keys.ScheduleEnvelopes, "r-4"))!));

        // After the deploy: the new worker.
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        await app.Bus.PublishAsync(new RelocationRequested(published, "Oslo", 7));
        foreach (var (id, what) in new[] { (streamed, "streamed"), (outboxed, "outboxed"), (scheduled, "scheduled"), (atVersion2, "at version 2"), (published, "published") })
        {
            await StreamsApp.EventuallyAsync(() => app.TransitionsOf(id).Any(t => t.IsFinal), $"the {what} request to be handled");
        }

        var saved = app.Services.GetRequiredService<ISagaStore>();
        async Task<string> DataOf(Guid id) => (await saved.LoadAsync(new SagaKey(Relocation, id.ToString("D")), "-", None))!.Data.Json;
        Assert.Contains("\"destination\":\"Lyon\",\"crates\":1", await DataOf(streamed));
        Assert.Contains("\"destination\":\"Gent\",\"crates\":1", await DataOf(outboxed));
        Assert.Contains("\"destination\":\"Bern\",\"crates\":1", await DataOf(scheduled));
        Assert.Contains("\"destination\":\"Porto\",\"crates\":1", await DataOf(atVersion2));
        Assert.Contains("\"destination\":\"Oslo\",\"crates\":7", await DataOf(published));

        // The flow log keeps each message with the version it was written at.
        var flows = app.Services.GetRequiredService<IFlowHistory>();
        Assert.Equal([1], (await flows.GetFlowAsync(streamed.ToString("D"), None)).Select(e => e.Version));
        Assert.Equal([2], (await flows.GetFlowAsync(atVersion2.ToString("D"), None)).Select(e => e.Version));
        Assert.Equal([3], (await flows.GetFlowAsync(published.ToString("D"), None)).Select(e => e.Version));
    }

    [RedisFact]
    public async Task A_message_of_a_newer_version_than_the_worker_knows_is_dead_lettered_naming_both_versions()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        var id = Guid.NewGuid();

        await app.Transport.PublishAsync(Raw("r-9", id, $$"""{"relocationId":"{{id}}","destination":"Riga","crates":2,"floor":4}""") with { Version = 4 }, None);

        IReadOnlyList<DeadLetterEntry> dead = [];
        await StreamsApp.EventuallyAsync(() => (dead = app.Transport.ListAsync(new DeadLetterQuery(), None).AsTask().GetAwaiter().GetResult()).Count > 0, "the message to be dead-lettered");
        Assert.Contains("arrived at version 4, but this process knows it only up to version 3", Assert.Single(dead).Reason);
    }

    private static Envelope Raw(string messageId, Guid relocationId, string body) => new()
    {
        MessageId = messageId,
        MessageType = "test.relocation-requested",
        CorrelationId = relocationId.ToString("D"),
        Body = Encoding.UTF8.GetBytes(body),
    };
}
