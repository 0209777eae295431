using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sagas.Redis.Tests;

/// <summary>
/// The configuration string reaches StackExchange.Redis as given: here, a password. A wrong one
/// stops startup saying authentication failed, and no output ever shows it.
/// </summary>
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

    [RedisFact(TakesRedisAway = true)]
    public async Task A_wrong_or_missing_password_stops_startup_saying_authentication_failed_for_the_user() => await WithPasswordAsync(async () =>
    {
        string[] wrong = [redis.Address + ",password=not-" + Password, redis.Address, redis.Address + ",user=nobody,password=" + Password];
        foreach (var (configuration, user) in wrong.Zip(["default", "default", "nobody"]))
        {
            await using var services = RedisStartupCheckTests.Build(configuration, TimeSpan.FromSeconds(1));
            var check = Assert.Single(services.GetServices<IHostedService>().OfType<IHostedLifecycleService>());

            var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => check.StartingAsync(CancellationToken.None));

            Assert.True(error.IsAuthenticationFailure, error.Message);
            Assert.StartsWith($"Redis at '{redis.Address}' answers, but authentication failed for user '{user}'", error.Message);
            Assert.Contains("Sagas:Redis:Configuration", error.Message);
            Assert.DoesNotContain(Password, error.Message);
        }
    });

    [RedisFact(TakesRedisAway = true)]
    public async Task The_sample_ends_with_the_authentication_message_on_a_wrong_password_and_never_prints_a_password() => await WithPasswordAsync(async () =>
    {
        var wrong = "not-" + Password;
        var (exitCode, output) = await SampleProcess.RunToExitAsync(
            SampleProcess.SamplePath, "--redis", $"{redis.Address},password={wrong}", "--Sagas:Redis:ConnectTimeout", "00:00:01");

        Assert.Equal(1, exitCode);
        Assert.Contains("authentication failed for user 'default'", output);
        Assert.DoesNotContain(wrong, output);

        var prefix = $"password-{Guid.NewGuid():N}:";
        (exitCode, output) = await SampleProcess.RunToExitAsync(
            SampleProcess.SamplePath, "--redis", $"{redis.Address},password={Password}", "--Sagas:Redis:KeyPrefix", prefix, "--Sample:Orders", "2");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Redis at {redis.Address} (services: all)", output);
        Assert.DoesNotContain(Password, output);
    });

    public void Dispose() => _stores.Dispose();

    // Sets a password on the fixture's server for the test, and lifts it after, whatever happens.
    private async Task WithPasswordAsync(Func<Task> test)
    {
        await RawRedis.SendAsync(redis.Port, $"CONFIG SET requirepass {Password}", CancellationToken.None);
        try
        {
            await test();
        }
        finally
        {
            await RawRedis.SendAsync(redis.Port, $"AUTH {Password}\r\nCONFIG SET requirepass \"\"", CancellationToken.None);
        }

        Assert.True(await RawRedis.AnswersPingAsync(redis.Port, CancellationToken.None));
    }
}
