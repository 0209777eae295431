using System.Diagnostics;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// A worker that stops hands back at once what it read but did not start, so the other workers of
/// its service take it within seconds instead of after ClaimIdleTime; and nothing is handled twice.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisShutdownTests(RedisServerFixture redis)
{
    private readonly string _prefix = $"shutdown-{Guid.NewGuid():N}:";

    [RedisFact]
    public async Task A_stopping_worker_hands_back_what_it_read_and_the_other_takes_it_at_once()
    {
        var work = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToList();
        static void Slow(SagasBuilder sagas) => sagas.AddHandler<SlowWork, SlowWorker>();
        var leaving = await StreamsApp.StartAsync(redis.Address, _prefix, service: "slow", sagas: Slow);
        await using var staying = await StreamsApp.StartAsync(redis.Address, _prefix, service: "slow", sagas: Slow);
        foreach (var id in work)
        {
            await leaving.Bus.PublishAsync(new SlowWork(id));
        }

        // Both workers are busy, each with more read than started (batches of 16, 4 at a time, 100 ms each).
        await StreamsApp.EventuallyAsync(() => work.Count(SlowWorker.Started.ContainsKey) >= 10, "some work to start");
        var stopped = Stopwatch.StartNew();
        await leaving.DisposeAsync();
        await StreamsApp.EventuallyAsync(() => work.All(SlowWorker.Started.ContainsKey), "every piece of work to start", seconds: 25);

        // Well under ClaimIdleTime (30 s here): the handed-back messages were not waiting to be abandoned.
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(15), $"The work took {stopped.Elapsed} after the stop to be done.");
        Assert.All(work, id => Assert.Equal(1, SlowWorker.Started[id]));
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var db = raw.GetDatabase();
        await StreamsApp.EventuallyAsync(() => db.StreamPending(_prefix + "stream:{p0}:test.slow-work", "slow").PendingMessageCount == 0, "nothing pending");
        Assert.False(await db.KeyExistsAsync(_prefix + "dead-letters"));
    }
}
