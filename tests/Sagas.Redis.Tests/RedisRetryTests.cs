using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// How a failed message comes again on Redis: which failures are infrastructure (never counted),
/// and a message given back returns after its delay, its delivery counted only when asked.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRetryTests(RedisServerFixture redis)
{
    private readonly string _prefix = $"retry-{Guid.NewGuid():N}:";

    [RedisFact]
    public async Task Redis_unreachable_or_loading_and_lost_races_are_infrastructure_failures_that_never_count_toward_dead_lettering()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false);
        var classifiers = app.Services.GetServices<IFailureClassifier>().ToList();

        Assert.Equal(FailureKind.Infrastructure, MessageFailures.Classify(new InvalidOperationException("wrapped", await RedisUnreachableAsync()), classifiers));
#pragma warning disable CS0618 // StackExchange.Redis 3.x prefers a constructor that 2.x lacks; this one exists in both
        Assert.Equal(FailureKind.Infrastructure, MessageFailures.Classify(new RedisServerException("LOADING Redis is loading the dataset in memory"), classifiers));
        Assert.Equal(FailureKind.Infrastructure, MessageFailures.Classify(new SagaConcurrencyException(new SagaKey("S", "k"), 11), classifiers));
        Assert.Equal(FailureKind.Transient, MessageFailures.Classify(new RedisServerException("ERR a bug in a script"), classifiers));
#pragma warning restore CS0618
        Assert.Equal(FailureKind.Transient, MessageFailures.Classify(new InvalidOperationException("a bug"), classifiers));
    }

    [RedisFact]
    public async Task A_message_given_back_comes_again_after_its_delay_its_delivery_counted_only_when_asked()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false);
        await using var receiving = app.Transport.ReceiveAsync(CancellationToken.None).GetAsyncEnumerator();
        for (var i = 0; i < 3; i++)
        {
            await app.Bus.PublishAsync(new ShipmentRequested(Guid.NewGuid(), OverdueAfterMs: 60_000));
        }

        var received = new List<IncomingMessage>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await receiving.MoveNextAsync());
            received.Add(receiving.Current);
        }

        Assert.All(received, r => Assert.Equal(1, r.Delivery));
        await received[0].RetryLaterAsync(TimeSpan.FromMilliseconds(300), countsAsAttempt: true, CancellationToken.None);
        await received[1].RetryLaterAsync(TimeSpan.FromMilliseconds(300), countsAsAttempt: false, CancellationToken.None);
        await received[2].DeadLetterAsync("broken", new InvalidOperationException("a bug"), CancellationToken.None);

        var again = new Dictionary<string, long>();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await receiving.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            again[receiving.Current.Envelope.MessageId] = receiving.Current.Delivery;
        }

        Assert.Equal(2, again[received[0].Envelope.MessageId]); // a handler failed: counted
        Assert.Equal(1, again[received[1].Envelope.MessageId]); // infrastructure: not counted
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var dead = Assert.Single(await raw.GetDatabase().StreamRangeAsync(_prefix + "dead-letters"));
        Assert.Equal(received[2].Envelope.MessageId, (string?)dead["id"]);
    }

    // The exception StackExchange.Redis throws when no server answers, from a real attempt: a
    // connection error, or a timeout when the command waited for a connection that never came.
    private static async Task<Exception> RedisUnreachableAsync()
    {
        using var nowhere = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{RawRedis.FreePort()},abortConnect=false,connectTimeout=200,asyncTimeout=500");
        var error = await Record.ExceptionAsync(() => nowhere.GetDatabase().PingAsync());
        Assert.True(error is RedisConnectionException or RedisTimeoutException, $"Expected a connection error or a timeout, got {error}");
        return error;
    }
}
