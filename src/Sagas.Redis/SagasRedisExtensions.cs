using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Sagas;

/// <summary>Registers the Redis saga store.</summary>
public static class SagasRedisExtensions
{
    /// <summary>
    /// Runs Sagas on Redis instead of in memory: saga instances in the <see cref="RedisSagaStore"/>,
    /// messages over the <see cref="RedisStreamTransport"/>, timeouts in the <see cref="RedisScheduler"/>;
    /// and adds a startup check that warns about risky server settings and stops the application
    /// with <see cref="RedisUnavailableException"/> when Redis does not answer.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddSagas()</c>.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, such as <c>localhost:6379</c>.</param>
    /// <param name="configure">Adjusts <see cref="RedisSagasOptions"/> (key prefix, connect timeout, retention).</param>
    /// <param name="configureStreams">Adjusts <see cref="RedisStreamsOptions"/> (service name, partitions, claiming).</param>
    public static SagasBuilder UseRedis(
        this SagasBuilder builder,
        string configuration,
        Action<RedisSagasOptions>? configure = null,
        Action<RedisStreamsOptions>? configureStreams = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);

        var options = builder.Services.AddOptions<RedisSagasOptions>().Configure(o => o.Configuration = configuration);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        var streams = builder.Services.AddOptions<RedisStreamsOptions>();
        if (configureStreams is not null)
        {
            streams.Configure(configureStreams);
        }

        builder.Services.TryAddSingleton<RedisConnection>();
        builder.UseStore<RedisSagaStore>();
        builder.Services.TryAddSingleton<RedisStreamTransport>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageTransport>(sp => sp.GetRequiredService<RedisStreamTransport>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IFlowHistory>(sp => sp.GetRequiredService<RedisStreamTransport>()));
        builder.Services.TryAddSingleton<RedisScheduler>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageScheduler>(sp => sp.GetRequiredService<RedisScheduler>()));
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RedisScheduler>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisStartupCheck>());
        return builder;
    }
}
