namespace Sagas.Hosting;

/// <summary>Settings of Sagas's health checks (<c>AddSagasHealthChecks</c>).</summary>
public sealed class SagasHealthCheckOptions
{
    /// <summary>
    /// How long one handling may take before the worker counts as hung (liveness unhealthy).
    /// Keep it well above your slowest handler. Default: 5 minutes.
    /// </summary>
    public TimeSpan MaxHandlingTime { get; set; } = TimeSpan.FromMinutes(5);
}
