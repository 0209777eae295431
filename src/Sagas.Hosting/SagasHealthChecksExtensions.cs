using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sagas.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Sagas's health checks to ASP.NET Core's or a worker's health checks.</summary>
public static class SagasHealthChecksExtensions
{
    /// <summary>Every Sagas health check carries this tag.</summary>
    public const string Tag = "sagas";

    /// <summary>The tag of the checks a liveness probe should ask (restart the process when they fail): the worker's loops.</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of the checks a readiness probe should ask (send no work while they fail): Redis reachable.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds <c>sagas-worker</c> (liveness: <see cref="SagaWorkerHealthCheck"/>) and the checks the
    /// runtime registered, such as <c>sagas-redis</c> from <c>UseRedis</c> (readiness: Redis answers,
    /// with its latency; degraded while the dead-letter stream grows). Map them to probes by tag:
    /// <c>app.MapHealthChecks("/health/live", new() { Predicate = c =&gt; c.Tags.Contains("live") })</c>.
    /// </summary>
    public static IHealthChecksBuilder AddSagasHealthChecks(this IHealthChecksBuilder builder, Action<SagasHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SagasHealthCheckOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.AddCheck<SagaWorkerHealthCheck>("sagas-worker", HealthStatus.Unhealthy, [Tag, LiveTag]);

        // The runtime's own checks, registered as services by UseRedis and the like.
        builder.Services.AddOptions<HealthCheckServiceOptions>().Configure<IEnumerable<HealthCheckRegistration>>((health, registrations) =>
        {
            foreach (var registration in registrations.Where(r => r.Tags.Contains(Tag)))
            {
                health.Registrations.Add(registration);
            }
        });
        return builder;
    }
}
