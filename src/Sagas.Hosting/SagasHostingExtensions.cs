using Microsoft.Extensions.DependencyInjection;
using Sagas.Hosting;

namespace Sagas;

/// <summary>Runs Sagas inside a Microsoft.Extensions.Hosting worker service.</summary>
public static class SagasHostingExtensions
{
    /// <summary>
    /// Adds the background worker that consumes the transport and drives the sagas and handlers.
    /// Set <see cref="SagasOptions.Concurrency"/> for more than one message at a time.
    /// </summary>
    public static SagasBuilder AddHostedWorker(this SagasBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<SagaWorker>();
        return builder;
    }
}
