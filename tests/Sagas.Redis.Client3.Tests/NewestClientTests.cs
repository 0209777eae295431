using StackExchange.Redis;
using Sagas.Redis.Tests;

namespace Sagas.Redis.Client3.Tests;

/// <summary>The tests of this project really run on the application's StackExchange.Redis 3.x, speaking RESP3.</summary>
[Collection(RedisCollection.Name)]
public sealed class NewestClientTests(RedisServerFixture redis)
{
    [Fact]
    public void The_application_s_StackExchange_Redis_3_is_the_one_loaded()
    {
        Assert.Equal(3, typeof(ConnectionMultiplexer).Assembly.GetName().Version!.Major);
        // Sagas.Redis itself was built against the 2.x floor.
        var built = typeof(RedisSagaStore).Assembly.GetReferencedAssemblies().Single(a => a.Name == "StackExchange.Redis");
        Assert.Equal(2, built.Version!.Major);
    }

    [RedisFact]
    public async Task Sagas_connection_speaks_RESP3_the_3x_default()
    {
        using var connection = new RedisConnection(
            Microsoft.Extensions.Options.Options.Create(new RedisSagasOptions { Configuration = redis.Address }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisConnection>.Instance);
        var database = await connection.GetDatabaseAsync(CancellationToken.None);

        Assert.Equal(RedisProtocol.Resp3, database.Multiplexer.GetServers().Single().Protocol);
    }
}
