using Microsoft.Extensions.Logging;

namespace Sagas;

/// <summary>
/// The admin API over the stores: saga types from the generated router (and the catalog, for the
/// sagas of other services on the same store), counts and lists from the read model of saga
/// states, an instance from the store, its history and its flow.
/// </summary>
internal sealed class SagaAdmin(
    ISagaRouter router,
    IMessageRegistry registry,
    IMessageBus bus,
    ISagaStore store,
    ISagaStateIndex states,
    ISagaHistory history,
    IMessageScheduler scheduler,
    TimeProvider time,
    ILogger<SagaAdmin> logger,
    IFlowHistory? flows = null,
    ISagaCatalog? catalog = null) : ISagaAdmin
{
    private const int MaxPage = 1_000;

    // Read-only: no message has this id, so a load records nothing and tells nothing handled.
    private const string Probe = "sagas-admin-read";

    public async ValueTask<IReadOnlyList<SagaTypeSummary>> GetSagaTypesAsync(CancellationToken cancellationToken)
    {
        var summaries = new List<SagaTypeSummary>();
        foreach (var saga in (await KnownSagasAsync(cancellationToken).ConfigureAwait(false)).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var counted = (await states.CountByStateAsync(saga.Name, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.State, c => c.Count);
            var declared = saga.Description.States.Select(s => new SagaStateCount(s, counted.GetValueOrDefault(s)));
            var others = counted.Where(c => !saga.Description.States.Contains(c.Key)).Select(c => new SagaStateCount(c.Key, c.Value));
            summaries.Add(new SagaTypeSummary(saga.Name, saga.Description, [.. declared, .. others]) { Service = saga.Service, RunsHere = saga.RunsHere });
        }

        return summaries;
    }

    public async ValueTask<IReadOnlyList<SagaStateEntry>> GetInstancesAsync(string sagaName, string state, int skip, int take, CancellationToken cancellationToken)
    {
        var saga = await SagaAsync(sagaName, cancellationToken).ConfigureAwait(false);
        ArgumentException.ThrowIfNullOrEmpty(state);
        if (!saga.Description.States.Contains(state) && state != SagaCompensation.CompensatingState)
        {
            throw new ArgumentException($"Saga {sagaName} has no state '{state}'; its states are {string.Join(", ", saga.Description.States)} (and {SagaCompensation.CompensatingState}).", nameof(state));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        return await states.ListAsync(sagaName, state, changedBefore: null, skip, Math.Min(take, MaxPage), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<SagaStateEntry>> GetStuckAsync(string sagaName, TimeSpan unchangedFor, int take, CancellationToken cancellationToken)
    {
        var saga = await SagaAsync(sagaName, cancellationToken).ConfigureAwait(false);
        ArgumentOutOfRangeException.ThrowIfLessThan(unchangedFor, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        take = Math.Min(take, MaxPage);
        var before = time.GetUtcNow() - unchangedFor;
        var live = saga.Description.States.Except(saga.Description.FinalStates).Append(SagaCompensation.CompensatingState).Distinct();
        var stuck = new List<SagaStateEntry>();
        foreach (var state in live)
        {
            stuck.AddRange(await states.ListAsync(sagaName, state, before, 0, take, cancellationToken).ConfigureAwait(false));
        }

        return [.. stuck.OrderBy(e => e.ChangedAt).Take(take)];
    }

    public async ValueTask<SagaInstanceDetails?> GetInstanceAsync(string sagaName, string correlationKey, CancellationToken cancellationToken)
    {
        var saga = await SagaAsync(sagaName, cancellationToken).ConfigureAwait(false);
        ArgumentException.ThrowIfNullOrEmpty(correlationKey);
        var key = new SagaKey(sagaName, correlationKey);
        var snapshot = await store.LoadAsync(key, Probe, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return null;
        }

        var steps = await history.GetHistoryAsync(key, cancellationToken).ConfigureAwait(false);
        var flow = flows is null ? [] : await flows.GetFlowAsync(correlationKey, cancellationToken).ConfigureAwait(false);
        var outbox = store is ISagaStoreMaintenance maintenance ? await maintenance.GetPendingOutboxAsync(key, cancellationToken).ConfigureAwait(false) : [];
        var scheduled = scheduler is IScheduledMessages timeouts ? await timeouts.ListScheduledAsync(sagaName, correlationKey, cancellationToken).ConfigureAwait(false) : [];
        return new SagaInstanceDetails(key, snapshot.State, snapshot.IsFinal, snapshot.Version, snapshot.Data.Json, steps, Accepts(saga, snapshot.State), flow, outbox, scheduled);
    }

    public async ValueTask SendAsync(string sagaName, string correlationKey, object message, string sentBy, CancellationToken cancellationToken)
    {
        var saga = await SagaAsync(sagaName, cancellationToken).ConfigureAwait(false);
        ArgumentException.ThrowIfNullOrEmpty(correlationKey);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(sentBy);
        if (!saga.RunsHere)
        {
            throw new InvalidOperationException($"{sagaName} runs in service {saga.Service}, not in this app, whose router cannot route to it: send the message from that service (its inspector, or its ISagaAdmin).");
        }

        var wireName = registry.GetWireName(message);
        var routes = new List<SagaRoute>(1);
        router.Route(message, routes);
        if (!routes.Any(r => r.Saga.Name == sagaName && r.CorrelationKey == correlationKey))
        {
            throw new ArgumentException($"This {wireName} does not go to {sagaName} '{correlationKey}': its key routes it to {(routes.Count == 0 ? "no saga" : string.Join(", ", routes.Select(r => $"{r.Saga.Name} '{r.CorrelationKey}'")))}.", nameof(message));
        }

        var key = new SagaKey(sagaName, correlationKey);
        var snapshot = await store.LoadAsync(key, Probe, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No {sagaName} instance has key '{correlationKey}'.");
        var accepts = Accepts(saga, snapshot.State);
        if (snapshot.IsFinal || !accepts.Contains(wireName))
        {
            throw new InvalidOperationException(
                $"{sagaName} '{correlationKey}' is in state {snapshot.State}{(snapshot.IsFinal ? ", finished," : "")} which does not accept {wireName}; "
                + (accepts.Count == 0 ? "it accepts no message." : $"it accepts {string.Join(", ", accepts)}."));
        }

        // Recorded before it is sent: a repair is in the history even if the send fails.
        await history.RecordNoteAsync(key, $"sent {wireName} by {sentBy}", cancellationToken).ConfigureAwait(false);
        await bus.PublishAsync(message, correlationKey, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteAsync(string sagaName, string correlationKey, string deletedBy, CancellationToken cancellationToken)
    {
        await SagaAsync(sagaName, cancellationToken).ConfigureAwait(false);
        ArgumentException.ThrowIfNullOrEmpty(correlationKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(deletedBy);
        var maintenance = store as ISagaStoreMaintenance ?? throw new InvalidOperationException(
            $"The saga store {store.GetType().Name} cannot delete instances (ISagaStoreMaintenance): use the in-memory or the Redis store.");
        var key = new SagaKey(sagaName, correlationKey);
        switch (await maintenance.DeleteFinishedAsync(key, cancellationToken).ConfigureAwait(false))
        {
            case SagaDeletion.NotFound:
                return false;
            case SagaDeletion.NotFinished:
                throw new InvalidOperationException($"{sagaName} '{correlationKey}' is live; only a finished instance can be deleted. Move it on (send it the message it awaits) first.");
            case SagaDeletion.OutboxPending:
                throw new InvalidOperationException($"{sagaName} '{correlationKey}' still has messages to relay; delete it once a worker has relayed them.");
            default:
                AdminLog.InstanceDeleted(logger, sagaName, correlationKey, deletedBy);
                return true;
        }
    }

    // The wire names a state has handlers for, from the generated description; compensating, the
    // confirmations its compensations await (the engine takes those of the steps still being undone).
    private static List<string> Accepts(KnownSaga saga, string state) => state == SagaCompensation.CompensatingState
        ? [.. saga.Description.Transitions.Select(t => t.Confirmation).OfType<string>().Distinct()]
        : [.. saga.Description.Transitions.Where(t => t.FromState == state).Select(t => t.MessageType).Distinct()];

    // This app's sagas, then those other services declared in the catalog.
    private async ValueTask<List<KnownSaga>> KnownSagasAsync(CancellationToken cancellationToken)
    {
        List<KnownSaga> known = [.. router.Sagas.Select(s => new KnownSaga(s.Name, s.Description, null, RunsHere: true))];
        if (catalog is not null)
        {
            var declared = await catalog.GetSagasAsync(cancellationToken).ConfigureAwait(false);
            known.AddRange(declared.Where(d => !known.Any(k => k.Name == d.Description.Name)).Select(d => new KnownSaga(d.Description.Name, d.Description, d.Service, RunsHere: false)));
        }

        return known;
    }

    private async ValueTask<KnownSaga> SagaAsync(string sagaName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sagaName);
        if (router.Sagas.FirstOrDefault(s => s.Name == sagaName) is { } local)
        {
            return new KnownSaga(local.Name, local.Description, null, RunsHere: true);
        }

        var known = await KnownSagasAsync(cancellationToken).ConfigureAwait(false);
        return known.FirstOrDefault(s => s.Name == sagaName)
            ?? throw new ArgumentException($"No saga is named '{sagaName}'; the sagas known here are: {string.Join(", ", known.Select(s => s.Name))}.", nameof(sagaName));
    }

    /// <summary>A saga type this admin knows: its own (<paramref name="RunsHere"/>), or one another service declared.</summary>
    private sealed record KnownSaga(string Name, SagaDescription Description, string? Service, bool RunsHere);
}
