namespace Sagas.Redis.Tests;

/// <summary>The configuration string reaches StackExchange.Redis as given: here, a password.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisPasswordTests(RedisServerFixture redis) : IDisposable
{
    private const string Password = "s3cret-for-tests";
    private readonly StoreFactory _stores = new(redis.Address + ",password=" + Password);

    // Changes the fixture's own server, so it is skipped under SAGAS_REDIS.
    [RedisFact(TakesRedisAway = true)]
    public async Task A_store_saves_and_loads_on_a_server_that_requires_a_password()
    {
        await RawRedis.SendAsync(redis.Port, $"CONFIG SET requirepass {Password}", CancellationToken.None);
        try
        {
            var store = _stores.Create($"password-{Guid.NewGuid():N}:");
            var key = new SagaKey("Tests.OrderSaga", "order-1");

            Assert.True(await store.TryCommitAsync(new SagaCommit(key, "Running", "{}", false, 0, "m1", []), CancellationToken.None));

            Assert.Equal("Running", (await store.LoadAsync(key, "m2", CancellationToken.None))?.State);
        }
        finally
        {
            // One write, two commands: authenticate, then lift the password for the other tests.
            await RawRedis.SendAsync(redis.Port, $"AUTH {Password}\r\nCONFIG SET requirepass \"\"", CancellationToken.None);
        }

        Assert.True(await RawRedis.AnswersPingAsync(redis.Port, CancellationToken.None));
    }

    public void Dispose() => _stores.Dispose();
}
