using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas;

/// <summary>
/// Who may use the page. Reading: whoever the app's authorization admits when the app chained
/// <c>RequireAuthorization</c> on <c>MapSagasInspector</c>; otherwise local requests only, as
/// Hangfire's dashboard does. Repairing: also the app's named write policy and an anti-forgery token.
/// </summary>
internal static class InspectorAccess
{
    /// <summary>Why <paramref name="context"/> may not read, or <see langword="null"/> when it may.</summary>
    public static string? RefuseRead(HttpContext context)
    {
        // The authorization middleware has already checked requests to an endpoint that asks for it.
        var metadata = context.GetEndpoint()?.Metadata;
        var authorized = metadata?.GetMetadata<IAuthorizeData>() is not null && metadata.GetMetadata<IAllowAnonymous>() is null;
        return authorized || IsLocal(context.Connection)
            ? null
            : "The Sagas inspector answers local requests only until the app protects it: chain .RequireAuthorization(\"<policy>\") on MapSagasInspector.";
    }

    /// <summary>Why <paramref name="context"/> may not repair, or <see langword="null"/> when it may.</summary>
    public static async Task<string?> RefuseWriteAsync(HttpContext context, SagasInspectorOptions options)
    {
        if (options.WritePolicy is not { } policy)
        {
            return "The Sagas inspector is read-only: name an authorization policy in Sagas:Inspector:WritePolicy (AddSagasInspector(o => o.WritePolicy = \"...\")) to repair from it.";
        }

        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        // The request is the resource, as the authorization middleware passes it: a policy may look at it.
        var result = await authorization.AuthorizeAsync(context.User, context, policy).ConfigureAwait(false);
        return result.Succeeded ? null : $"Repairs need the authorization policy '{policy}', which this user does not satisfy.";
    }

    /// <summary>Checks the anti-forgery token a write carries; <see langword="null"/> when valid.</summary>
    public static async Task<string?> RefuseForgeryAsync(HttpContext context)
    {
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return "The request carries no valid anti-forgery token: reload the page and try again.";
        }
    }

    /// <summary>Who is acting, for the history and the logs.</summary>
    public static string Operator(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? name
            : $"anonymous at {context.Connection.RemoteIpAddress}";

    // From this machine: the loopback, or the machine's own address on both ends.
    private static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } remote
        && (IPAddress.IsLoopback(remote) || remote.Equals(connection.LocalIpAddress));
}
