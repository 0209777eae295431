using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sagas;

namespace OrderFulfillment;

/// <summary>
/// What an operator watches, wired as README's Operations section shows: Sagas's traces and
/// metrics through OpenTelemetry, and its health checks, whose state changes are printed.
/// </summary>
public static class Telemetry
{
    /// <summary>
    /// <c>--telemetry console</c> (the default) prints the spans of the first order's trace as they
    /// end (every order's would flood the screen) and the metrics when the process stops; <c>otlp</c>,
    /// or an <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, sends every trace and the metrics to a collector
    /// (<c>http://localhost:4317</c> unless the endpoint says); <c>none</c> exports nothing.
    /// </summary>
    public static string? AddSampleTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var exporter = builder.Configuration["telemetry"]
            ?? (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ? "console" : "otlp");
        if (exporter is not ("console" or "otlp" or "none"))
        {
            return $"--telemetry {exporter} is not an exporter of this sample: use console, otlp or none.";
        }

        builder.Services.AddHealthChecks().AddSagasHealthChecks();
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthPrinter>();
        builder.Services.Configure<HealthCheckPublisherOptions>(o => (o.Delay, o.Period) = (TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)));
        if (exporter == "none")
        {
            return null;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t =>
            {
                t.AddSource(SagaTracing.ActivitySourceName);
                _ = exporter == "otlp"
                    ? t.AddOtlpExporter()
                    : t.SetSampler(new ParentBasedSampler(new FirstTraceSampler())).AddConsoleExporter();
            })
            .WithMetrics(m =>
            {
                m.AddMeter(SagaMetrics.MeterName);
                _ = exporter == "otlp" ? m.AddOtlpExporter() : m.AddConsoleExporter();
            });
        return null;
    }

    // Records the first trace started here; the rest of a trace follows its root's decision, in
    // every process, as its messages carry it (the traceparent's sampled flag).
    private sealed class FirstTraceSampler : Sampler
    {
        private int _started;

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(Interlocked.Exchange(ref _started, 1) == 0 ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
    }

    // Prints the health report when its status changes: what a readiness probe would see.
    private sealed class HealthPrinter : IHealthCheckPublisher
    {
        private HealthStatus? _last;

        public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
        {
            if (report.Status != _last)
            {
                _last = report.Status;
                Console.WriteLine($"health: {report.Status} ({string.Join(", ", report.Entries.Select(e => $"{e.Key} {e.Value.Status}"))})");
            }

            return Task.CompletedTask;
        }
    }
}
