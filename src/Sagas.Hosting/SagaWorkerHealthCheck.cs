using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Sagas.Hosting;

/// <summary>
/// Liveness of the hosted worker: unhealthy when its consume loops are not running (not started,
/// ended, or failed) or when a handling has been in hand longer than
/// <see cref="SagasHealthCheckOptions.MaxHandlingTime"/> (a handler that hangs). A process that
/// runs no worker (<c>AddHostedWorker</c> not called) is healthy: it has nothing to consume.
/// </summary>
public sealed class SagaWorkerHealthCheck(IEnumerable<IHostedService> hostedServices, IOptions<SagasHealthCheckOptions> options) : IHealthCheck
{
    private readonly SagaWorker[] _workers = [.. hostedServices.OfType<SagaWorker>()];

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_workers.Length == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No hosted worker runs in this process."));
        }

        foreach (var worker in _workers)
        {
            var (running, longest) = worker.Health();
            var data = new Dictionary<string, object> { ["longest_handling_ms"] = (long)longest.TotalMilliseconds };
            if (!running)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The worker's consume loops are not running: it has not started, or it stopped or failed (see its log).", data: data));
            }

            if (longest > options.Value.MaxHandlingTime)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy(
                    $"A message has been in hand for {longest:g}, over MaxHandlingTime ({options.Value.MaxHandlingTime:g}): a handler hangs.", data: data));
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy("The worker consumes."));
    }
}
