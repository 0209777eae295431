using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sagas;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Sagas inspector page.</summary>
public static class SagasInspectorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the inspector under <paramref name="prefix"/>: the page at <c>{prefix}/</c>, its JSON
    /// API under <c>{prefix}/api</c>. Without authorization it answers local requests only; chain
    /// <c>.RequireAuthorization("ops")</c> on the result to open it to the users a policy admits.
    /// Repairs need <see cref="SagasInspectorOptions.WritePolicy"/> and an anti-forgery token.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="prefix">Where the page lives, such as <c>/sagas</c>.</param>
    /// <returns>A builder for every endpoint of the page, to add authorization, CORS or rate limits to.</returns>
    /// <exception cref="InvalidOperationException"><c>AddSagasInspector</c> or <c>AddSagas</c> was not called.</exception>
    public static IEndpointConventionBuilder MapSagasInspector(this IEndpointRouteBuilder endpoints, string prefix = "/sagas")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (endpoints.ServiceProvider.GetService<InspectorMarker>() is null)
        {
            throw new InvalidOperationException("The Sagas inspector's services are missing: call builder.Services.AddSagasInspector() before building the app.");
        }

        if (endpoints.ServiceProvider.GetService<ISagaAdmin>() is null)
        {
            throw new InvalidOperationException("The Sagas inspector shows the sagas of this app, which has none registered: call builder.Services.AddSagas() (and UseRedis for Redis) before building the app.");
        }

        CheckWritePolicy(endpoints.ServiceProvider);
        var group = endpoints.MapGroup(prefix.TrimEnd('/'));
        group.MapGet("/", InspectorAssets.ServeIndexAsync);
        group.MapGet("/assets/{file}", InspectorAssets.ServeAssetAsync);

        var reads = new InspectorReads();
        group.MapGet("/api/session", InspectorEndpoint.Read(reads.SessionAsync));
        group.MapGet("/api/overview", InspectorEndpoint.Read(reads.OverviewAsync));
        group.MapGet("/api/sagas/{saga}/states/{state}", InspectorEndpoint.Read(reads.InstancesAsync));
        group.MapGet("/api/sagas/{saga}/stuck", InspectorEndpoint.Read(reads.StuckAsync));
        group.MapGet("/api/sagas/{saga}/instances/{key}", InspectorEndpoint.Read(reads.InstanceAsync));
        group.MapGet("/api/dead-letters", InspectorEndpoint.Read(reads.DeadLettersAsync));
        group.MapGet("/api/dead-letters/{id}", InspectorEndpoint.Read(reads.DeadLetterAsync));

        var repairs = new InspectorRepairs();
        group.MapPost("/api/sagas/{saga}/instances/{key}/messages", InspectorEndpoint.Write(repairs.SendAsync));
        group.MapDelete("/api/sagas/{saga}/instances/{key}", InspectorEndpoint.Write(repairs.DeleteInstanceAsync));
        group.MapPost("/api/dead-letters/replay", InspectorEndpoint.Write(repairs.ReplayAllAsync));
        group.MapPost("/api/dead-letters/{id}/replay", InspectorEndpoint.Write(repairs.ReplayAsync));
        group.MapDelete("/api/dead-letters/{id}", InspectorEndpoint.Write(repairs.DeleteDeadLetterAsync));
        return group;
    }

    // A write policy that names no policy would fail every repair at run time: say so at start.
    private static void CheckWritePolicy(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<SagasInspectorOptions>>().Value.WritePolicy is not { } name)
        {
            return;
        }

        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        if (policies.GetPolicyAsync(name).GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException(
                $"Sagas:Inspector:WritePolicy names the authorization policy '{name}', which the app does not define: add it (builder.Services.AddAuthorization(o => o.AddPolicy(\"{name}\", ...))) or name another.");
        }
    }
}
