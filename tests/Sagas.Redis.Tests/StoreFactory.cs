using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Sagas.Redis.Tests;

/// <summary>Builds stores against the fixture's server, each with its own connection, closed on dispose.</summary>
public sealed class StoreFactory(string address) : IDisposable
{
    private readonly List<RedisConnection> _connections = [];

    /// <summary>A store on <paramref name="keyPrefix"/>.</summary>
    public RedisSagaStore Create(string keyPrefix, Action<RedisSagasOptions>? configure = null)
    {
        var settings = new RedisSagasOptions { Configuration = address, KeyPrefix = keyPrefix };
        configure?.Invoke(settings);
        var redisOptions = Options.Create(settings);
        var connection = new RedisConnection(redisOptions, NullLogger<RedisConnection>.Instance);
        _connections.Add(connection);
        return new RedisSagaStore(
            connection,
            TestMessages.Registry,
            Options.Create(new SagasOptions()),
            redisOptions,
            NullLogger<RedisSagaStore>.Instance);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }
}
