using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
    /// <remarks>
    /// <see cref="RedisSagasOptions"/> bind from the host's <c>Sagas:Redis</c> configuration section,
    /// <see cref="RedisStreamsOptions"/> from <c>Sagas:Redis:Streams</c> and the health check's
    /// <see cref="RedisHealthOptions"/> from <c>Sagas:Redis:Health</c> by themselves; what the
    /// arguments set wins over them. Every setting is checked when the host starts: one out of range
    /// stops it with an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming
    /// the key, the value and what is allowed.
    /// </remarks>
    /// <param name="builder">The builder from <c>services.AddSagas()</c>.</param>
    /// <param name="configuration">
    /// A StackExchange.Redis configuration string, such as <c>localhost:6379</c> or
    /// <c>redis:6379,user=orders,password=...</c>; <see langword="null"/> to take
    /// <c>Sagas:Redis:Configuration</c> from the host's configuration (default <c>localhost:6379</c>).
    /// </param>
    /// <param name="configure">Adjusts <see cref="RedisSagasOptions"/> (key prefix, connect timeout, retention).</param>
    /// <param name="configureStreams">Adjusts <see cref="RedisStreamsOptions"/> (service name, partitions, claiming).</param>
    public static SagasBuilder UseRedis(
        this SagasBuilder builder,
        string? configuration = null,
        Action<RedisSagasOptions>? configure = null,
        Action<RedisStreamsOptions>? configureStreams = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configuration is not null && string.IsNullOrWhiteSpace(configuration))
        {
            throw new ArgumentException("The Redis configuration string is empty. Pass the address, such as \"localhost:6379\", or null to read Sagas:Redis:Configuration.", nameof(configuration));
        }

        // The configuration sections first, so that what the arguments set wins over them.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RedisSagasOptions>, RedisOptionsBinding>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RedisStreamsOptions>, RedisOptionsBinding>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisSagasOptions>, RedisSagasOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStreamsOptions>, RedisStreamsOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RedisHealthOptions>, RedisOptionsBinding>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisHealthOptions>, RedisHealthOptionsValidator>());
        builder.Services.AddOptions<RedisHealthOptions>().ValidateOnStart();
        var options = builder.Services.AddOptions<RedisSagasOptions>().ValidateOnStart();
        if (configuration is not null)
        {
            options.Configure(o => o.Configuration = configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        var streams = builder.Services.AddOptions<RedisStreamsOptions>().ValidateOnStart();
        if (configureStreams is not null)
        {
            streams.Configure(configureStreams);
        }

        builder.Services.TryAddSingleton<RedisConnection>();
        builder.UseStore<RedisSagaStore>();
        builder.Services.TryAddSingleton<RedisStreamTransport>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageTransport>(sp => sp.GetRequiredService<RedisStreamTransport>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IFlowHistory>(sp => sp.GetRequiredService<RedisStreamTransport>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IMessageScheduler>(sp => sp.GetRequiredService<RedisScheduler>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisStartupCheck>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IFailureClassifier, RedisFailureClassifier>());

        // Once, however often UseRedis is called: a background service started twice loses its
        // first start's stop signal (that loop would never end), and two checks of one name make
        // the health report throw.
        builder.Services.TryAddSingleton<RedisScheduler>();
        builder.Services.TryAddSingleton<RedisGauges>();
        builder.Services.TryAddSingleton<RedisHealthCheck>();
        builder.Services.TryAddSingleton<RedisSagaCatalog>();
        builder.Services.TryAddSingleton<ISagaCatalog>(sp => sp.GetRequiredService<RedisSagaCatalog>());
        if (!builder.Services.Any(d => d.ServiceType == typeof(AddedOnce)))
        {
            builder.Services.AddSingleton<AddedOnce>();
            builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RedisScheduler>());
            builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RedisGauges>());
            builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RedisSagaCatalog>()); // declares this app's sagas

            // Picked up by AddSagasHealthChecks() (Sagas.Hosting) by its "sagas" tag; "ready" for readiness probes.
            builder.Services.AddSingleton(new HealthCheckRegistration(
                "sagas-redis", sp => sp.GetRequiredService<RedisHealthCheck>(), HealthStatus.Unhealthy, ["sagas", "ready"]));
        }

        return builder;
    }

    // Marks a service collection that UseRedis has seen.
    private sealed class AddedOnce;
}
