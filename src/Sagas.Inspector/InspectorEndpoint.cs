using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>
/// Wraps the page's handlers: the access checks first, then the handler, whose answer is written
/// as JSON (with generated serializers: no reflection); an admin API refusal becomes its status.
/// </summary>
internal static class InspectorEndpoint
{
    public delegate Task<IResult> Handler(HttpContext context, SagasInspectorOptions options);

    public static RequestDelegate Read(Handler handler) => context => RunAsync(context, handler, write: false);

    public static RequestDelegate Write(Handler handler) => context => RunAsync(context, handler, write: true);

    public static IResult Json<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        Results.Json(value, type, statusCode: status);

    public static IResult Error(int status, string error) => Json(new ErrorDto(error), InspectorJsonContext.Default.ErrorDto, status);

    public static string Route(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";

    private static async Task RunAsync(HttpContext context, Handler handler, bool write)
    {
        Secure(context.Response);
        var options = context.RequestServices.GetRequiredService<IOptions<SagasInspectorOptions>>().Value;
        IResult result;
        if (InspectorAccess.RefuseRead(context) is { } notRead)
        {
            result = Error(StatusCodes.Status403Forbidden, notRead);
        }
        else if (write && await InspectorAccess.RefuseWriteAsync(context, options).ConfigureAwait(false) is { } notWrite)
        {
            result = Error(StatusCodes.Status403Forbidden, notWrite);
        }
        else if (write && await InspectorAccess.RefuseForgeryAsync(context).ConfigureAwait(false) is { } forged)
        {
            result = Error(StatusCodes.Status400BadRequest, forged);
        }
        else
        {
            try
            {
                result = await handler(context, options).ConfigureAwait(false);
            }
            catch (UnknownMessageTypeException e)
            {
                result = Error(StatusCodes.Status400BadRequest, e.Message);
            }
            catch (ArgumentOutOfRangeException e)
            {
                result = Error(StatusCodes.Status400BadRequest, e.Message);
            }
            catch (ArgumentException e)
            {
                result = Error(StatusCodes.Status404NotFound, e.Message);
            }
            catch (InvalidOperationException e)
            {
                result = Error(StatusCodes.Status409Conflict, e.Message);
            }
        }

        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>No framing, no sniffing, no caching of data, scripts and styles only from the page itself.</summary>
    public static void Secure(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // As anti-forgery wants it on a response that carries a token, so it need not override it.
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
    }
}
