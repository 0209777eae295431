using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Sagas.InspectorEndpoint;

namespace Sagas;

/// <summary>
/// The page's repairs. Each goes through the admin API or the dead letters, which record it (the
/// instance's history, the replayed message's header, the logs) with who did it.
/// </summary>
internal sealed class InspectorRepairs
{
    private const int MaxBody = 256 * 1024;

    public async Task<IResult> SendAsync(HttpContext context, SagasInspectorOptions options)
    {
        var (saga, key) = (Route(context, "saga"), Route(context, "key"));
        if (context.Request.ContentLength is > MaxBody)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"A message sent from the inspector is at most {MaxBody / 1024} KB.");
        }

        SendDto? send;
        try
        {
            send = await context.Request.ReadFromJsonAsync(InspectorJsonContext.Default.SendDto, context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"The request is not {{\"type\": \"<wire name>\", \"body\": {{...}}}}: {e.Message}");
        }

        if (send is null || string.IsNullOrWhiteSpace(send.Type))
        {
            return Error(StatusCodes.Status400BadRequest, "Name the message's type: {\"type\": \"<wire name>\", \"body\": {...}}.");
        }

        var services = context.RequestServices;
        var registry = services.GetRequiredService<IMessageRegistry>();
        var json = services.GetRequiredService<IOptions<SagasOptions>>().Value.JsonSerializerOptions;
        object? message;
        try
        {
            if (!registry.TryDeserialize(send.Type, Encoding.UTF8.GetBytes(send.Body.GetRawText()), json, out message))
            {
                return Error(StatusCodes.Status400BadRequest, $"No message type is registered as '{send.Type}'.");
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"The body is not a {send.Type}: {e.Message}");
        }

        await services.GetRequiredService<ISagaAdmin>().SendAsync(saga, key, message, InspectorAccess.Operator(context), context.RequestAborted).ConfigureAwait(false);
        return Json(new DoneDto($"sent {send.Type}"), InspectorJsonContext.Default.DoneDto);
    }

    public async Task<IResult> DeleteInstanceAsync(HttpContext context, SagasInspectorOptions options)
    {
        var (saga, key) = (Route(context, "saga"), Route(context, "key"));
        var deleted = await context.RequestServices.GetRequiredService<ISagaAdmin>().DeleteAsync(saga, key, InspectorAccess.Operator(context), context.RequestAborted).ConfigureAwait(false);
        return deleted
            ? Json(new DoneDto("deleted"), InspectorJsonContext.Default.DoneDto)
            : Error(StatusCodes.Status404NotFound, $"No {saga} instance has key '{key}'.");
    }

    public async Task<IResult> ReplayAsync(HttpContext context, SagasInspectorOptions options)
    {
        var id = Route(context, "id");
        var replayed = await context.RequestServices.GetRequiredService<IDeadLetters>().ReplayAsync(id, InspectorAccess.Operator(context), context.RequestAborted).ConfigureAwait(false);
        return replayed
            ? Json(new DoneDto("replayed"), InspectorJsonContext.Default.DoneDto)
            : Error(StatusCodes.Status404NotFound, $"No dead letter has id '{id}': it was replayed or deleted already.");
    }

    public async Task<IResult> ReplayAllAsync(HttpContext context, SagasInspectorOptions options)
    {
        var query = InspectorReads.DeadLetterFilter(context);
        var count = await context.RequestServices.GetRequiredService<IDeadLetters>().ReplayAllAsync(query, InspectorAccess.Operator(context), context.RequestAborted).ConfigureAwait(false);
        return Json(new DoneDto("replayed", count), InspectorJsonContext.Default.DoneDto);
    }

    public async Task<IResult> DeleteDeadLetterAsync(HttpContext context, SagasInspectorOptions options)
    {
        var id = Route(context, "id");
        var deleted = await context.RequestServices.GetRequiredService<IDeadLetters>().DeleteAsync(id, InspectorAccess.Operator(context), context.RequestAborted).ConfigureAwait(false);
        return deleted
            ? Json(new DoneDto("deleted"), InspectorJsonContext.Default.DoneDto)
            : Error(StatusCodes.Status404NotFound, $"No dead letter has id '{id}': it was replayed or deleted already.");
    }
}
