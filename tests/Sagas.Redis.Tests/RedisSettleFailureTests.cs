namespace Sagas.Redis.Tests;

/// <summary>
/// A message whose settlement fails because Redis went away (the acknowledgement, the give-back or
/// the dead-lettering) is let go by its worker: its lease is no longer renewed, so it comes again
/// after ClaimIdleTime, to this worker or another, instead of staying pending while the worker lives.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisSettleFailureTests
{
    private readonly string _prefix = $"settle-{Guid.NewGuid():N}:";

    // A server of its own with an append-only file, so that the message outlives the restart.
    [RedisFact(TakesRedisAway = true)]
    public async Task A_message_whose_acknowledgement_failed_while_Redis_was_down_comes_again_after_ClaimIdleTime()
    {
        var redis = new RedisServerFixture { AppendOnly = true };
        await redis.InitializeAsync();
        try
        {
            await using var app = await StreamsApp.StartAsync(
                redis.Address,
                _prefix,
                worker: false,
                streams: o => o.ClaimIdleTime = TimeSpan.FromSeconds(2),
                redis: o => o.ConnectTimeout = TimeSpan.FromSeconds(30));
            using var stop = new CancellationTokenSource();
            await using var receiving = app.Transport.ReceiveAsync(stop.Token).GetAsyncEnumerator();
            await app.Bus.PublishAsync(new ShipmentRequested(Guid.NewGuid(), OverdueAfterMs: 60_000));
            Assert.True(await receiving.MoveNextAsync());
            var first = receiving.Current;

            redis.Kill();
            try
            {
                await Assert.ThrowsAnyAsync<Exception>(() => first.AckAsync(CancellationToken.None).AsTask());
            }
            finally
            {
                await redis.StartAsync();
            }

            // Taken over, here by this very worker, once idle for ClaimIdleTime: its lease was not renewed meanwhile.
            var next = receiving.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(20))) != next)
            {
                await stop.CancelAsync();
                await next.ContinueWith(_ => { }, TaskScheduler.Default); // the receiver ends before it is disposed
                Assert.Fail("the message whose acknowledgement failed did not come again within 20 s (ClaimIdleTime 2 s): still held by its worker");
            }

            Assert.True(await next);
            Assert.Equal(first.Envelope.MessageId, receiving.Current.Envelope.MessageId);
            await receiving.Current.AckAsync(CancellationToken.None);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }
}
