using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Sagas;

/// <summary>Registers the Redis saga store.</summary>
public static class SagasRedisExtensions
{
    /// <summary>
    /// Keeps saga instances in Redis instead of in memory, and adds a startup check that stops the
    /// application with <see cref="RedisUnavailableException"/> when Redis does not answer.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddSagas()</c>.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, such as <c>localhost:6379</c>.</param>
    /// <param name="configure">Adjusts <see cref="RedisSagasOptions"/> (key prefix, connect timeout).</param>
    public static SagasBuilder UseRedis(this SagasBuilder builder, string configuration, Action<RedisSagasOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);

        var options = builder.Services.AddOptions<RedisSagasOptions>().Configure(o => o.Configuration = configuration);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton<RedisConnection>();
        builder.UseStore<RedisSagaStore>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisStartupCheck>());
        return builder;
    }
}
