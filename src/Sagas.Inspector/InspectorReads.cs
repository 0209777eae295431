using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Sagas.InspectorEndpoint;

namespace Sagas;

/// <summary>The page's reads, each over the admin API (<see cref="ISagaAdmin"/>), the dead letters and the transport's backlog.</summary>
internal sealed class InspectorReads
{
    // The overview counts dead letters up to here, and shows "1000+" beyond.
    private const int DeadLetterCountCap = 1_000;

    public async Task<IResult> SessionAsync(HttpContext context, SagasInspectorOptions options)
    {
        var refusal = await InspectorAccess.RefuseWriteAsync(context, options).ConfigureAwait(false);
        // A token only for those who may write: the page offers no repair to the others.
        var token = refusal is null ? context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken : null;
        var header = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName ?? "RequestVerificationToken";
        return Json(new SessionDto(InspectorAccess.Operator(context), refusal is null, refusal, token, header), InspectorJsonContext.Default.SessionDto);
    }

    public async Task<IResult> OverviewAsync(HttpContext context, SagasInspectorOptions options)
    {
        var services = context.RequestServices;
        var cancellation = context.RequestAborted;
        var admin = services.GetRequiredService<ISagaAdmin>();
        var sagas = new List<SagaTypeDto>();
        foreach (var saga in await admin.GetSagaTypesAsync(cancellation).ConfigureAwait(false))
        {
            var stuck = await admin.GetStuckAsync(saga.Name, options.StuckAfter, 1_000, cancellation).ConfigureAwait(false);
            var final = saga.Description.FinalStates;
            sagas.Add(new SagaTypeDto(
                saga.Name,
                saga.Description.Name,
                [.. saga.Counts.Select(c => new StateCountDto(c.State, c.Count, final.Contains(c.State)))],
                stuck.Count,
                Diagram(saga.Description),
                saga.Service,
                saga.RunsHere));
        }

        var service = context.Request.Query["service"].ToString();
        IReadOnlyList<ServiceBacklog> backlog = [];
        string? backlogError = null;
        if (services.GetService<ITransportBacklog>() is { } transport)
        {
            backlog = await transport.GetBacklogAsync(cancellation).ConfigureAwait(false);
        }
        else
        {
            backlogError = "The transport does not tell its consumers' backlog (ITransportBacklog).";
        }

        var deadLetters = await services.GetRequiredService<IDeadLetters>()
            .ListAsync(new DeadLetterQuery { Service = service.Length > 0 ? service : null, Take = DeadLetterCountCap + 1 }, cancellation)
            .ConfigureAwait(false);
        return Json(
            new OverviewDto(sagas, backlog, backlogError, Math.Min(deadLetters.Count, DeadLetterCountCap), deadLetters.Count > DeadLetterCountCap),
            InspectorJsonContext.Default.OverviewDto);
    }

    public async Task<IResult> InstancesAsync(HttpContext context, SagasInspectorOptions options)
    {
        var (saga, state) = (Route(context, "saga"), Route(context, "state"));
        var skip = Number(context, "skip", 0);
        var take = Number(context, "take", options.PageSize);
        var admin = context.RequestServices.GetRequiredService<ISagaAdmin>();
        var rows = await admin.GetInstancesAsync(saga, state, skip, take, context.RequestAborted).ConfigureAwait(false);
        var final = (await DescribeAsync(context, saga).ConfigureAwait(false)).Description.FinalStates.Contains(state);
        var before = TimeProvider(context).GetUtcNow() - options.StuckAfter;
        return Json(
            new InstancesDto(saga, state, [.. rows.Select(r => new InstanceRowDto(r.CorrelationKey, r.State, r.ChangedAt, !final && r.ChangedAt < before))], skip, take, Format(options.StuckAfter)),
            InspectorJsonContext.Default.InstancesDto);
    }

    public async Task<IResult> StuckAsync(HttpContext context, SagasInspectorOptions options)
    {
        var saga = Route(context, "saga");
        var take = Number(context, "take", options.PageSize);
        var rows = await context.RequestServices.GetRequiredService<ISagaAdmin>().GetStuckAsync(saga, options.StuckAfter, take, context.RequestAborted).ConfigureAwait(false);
        return Json(
            new InstancesDto(saga, "stuck", [.. rows.Select(r => new InstanceRowDto(r.CorrelationKey, r.State, r.ChangedAt, Stuck: true))], 0, take, Format(options.StuckAfter)),
            InspectorJsonContext.Default.InstancesDto);
    }

    public async Task<IResult> InstanceAsync(HttpContext context, SagasInspectorOptions options)
    {
        var (saga, key) = (Route(context, "saga"), Route(context, "key"));
        var admin = context.RequestServices.GetRequiredService<ISagaAdmin>();
        var details = await admin.GetInstanceAsync(saga, key, context.RequestAborted).ConfigureAwait(false);
        if (details is null)
        {
            return Error(StatusCodes.Status404NotFound, $"No {saga} instance has key '{key}': it never started, or it finished and its retention passed.");
        }

        var (description, runsHere) = await DescribeAsync(context, saga).ConfigureAwait(false);
        var messages = new EnvelopeView(context.RequestServices);
        return Json(
            new InstanceDto(
                saga,
                key,
                details.State,
                details.IsFinal,
                details.Version,
                details.DocumentJson,
                details.History,
                details.Accepts,
                [.. details.Flow.Select(messages.Show)],
                [.. details.PendingOutbox.Select(messages.Show)],
                [.. details.Scheduled.Select(messages.Show)],
                Diagram(description),
                runsHere),
            InspectorJsonContext.Default.InstanceDto);
    }

    public async Task<IResult> DeadLettersAsync(HttpContext context, SagasInspectorOptions options)
    {
        var query = DeadLetterFilter(context) with { Skip = Number(context, "skip", 0), Take = Math.Min(Number(context, "take", options.PageSize), 500) };
        var entries = await context.RequestServices.GetRequiredService<IDeadLetters>().ListAsync(query, context.RequestAborted).ConfigureAwait(false);
        return Json(entries, InspectorJsonContext.Default.IReadOnlyListDeadLetterEntry);
    }

    public async Task<IResult> DeadLetterAsync(HttpContext context, SagasInspectorOptions options)
    {
        var id = Route(context, "id");
        var entry = await context.RequestServices.GetRequiredService<IDeadLetters>().GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        return entry is null
            ? Error(StatusCodes.Status404NotFound, $"No dead letter has id '{id}': it was replayed or deleted.")
            : Json(entry, InspectorJsonContext.Default.DeadLetterEntry);
    }

    /// <summary>The dead-letter filters of the query string: type, reason, service.</summary>
    public static DeadLetterQuery DeadLetterFilter(HttpContext context)
    {
        var query = context.Request.Query;
        static string? Text(string value) => value.Length > 0 ? value : null;
        return new DeadLetterQuery { MessageType = Text(query["type"].ToString()), Reason = Text(query["reason"].ToString()), Service = Text(query["service"].ToString()) };
    }

    // The saga's description, its own or another service's; the admin API has already refused an unknown name.
    private static async Task<(SagaDescription Description, bool RunsHere)> DescribeAsync(HttpContext context, string saga)
    {
        if (context.RequestServices.GetRequiredService<ISagaRouter>().Sagas.FirstOrDefault(s => s.Name == saga) is { } local)
        {
            return (local.Description, true);
        }

        // Another service's: its declaration in the catalog, without counting every saga's states.
        var declared = await context.RequestServices.GetRequiredService<ISagaCatalog>().GetSagasAsync(context.RequestAborted).ConfigureAwait(false);
        return (declared.First(s => s.Description.Name == saga).Description, false);
    }

    private static DiagramDto Diagram(SagaDescription description) => new(description.States, description.FinalStates, description.Transitions);

    private static TimeProvider TimeProvider(HttpContext context) => context.RequestServices.GetService<TimeProvider>() ?? System.TimeProvider.System;

    private static int Number(HttpContext context, string name, int fallback) =>
        context.Request.Query[name].ToString() is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentOutOfRangeException(name, text, $"'{name}' must be a whole number of 0 or more.")
            : fallback;

    private static string Format(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>Shows a message's body as JSON, whether it travelled serialized or is still an object in memory.</summary>
    private sealed class EnvelopeView(IServiceProvider services)
    {
        private readonly IMessageRegistry _registry = services.GetRequiredService<IMessageRegistry>();
        private readonly SagasOptions _options = services.GetRequiredService<IOptions<SagasOptions>>().Value;

        public EnvelopeDto Show(Envelope envelope) => new(
            envelope.MessageId,
            envelope.MessageType,
            envelope.CorrelationId,
            envelope.CausationId,
            envelope.SentAt,
            envelope.DeliverAt,
            !envelope.Body.IsEmpty ? Encoding.UTF8.GetString(envelope.Body.Span)
                : envelope.Message is { } message ? Encoding.UTF8.GetString(_registry.Serialize(message, _options.JsonSerializerOptions))
                : "",
            // The version of that body: a serialized message is at its type's current version.
            envelope.Body.IsEmpty && envelope.Message is { } current ? _registry.VersionOf(current.GetType()) : envelope.Version);
    }
}
