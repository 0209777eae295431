namespace Sagas;

/// <summary>
/// The saga types that the services sharing a store declared, each with the service that runs it:
/// so an operator's tool (the inspector) in one service shows the sagas of the others too. The
/// Redis runtime keeps it (each app declares its sagas as it starts); in memory there is one app,
/// and the admin API lists its own sagas without one.
/// </summary>
public interface ISagaCatalog
{
    /// <summary>Every saga type declared, the most recent declaration of each.</summary>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    ValueTask<IReadOnlyList<SagaCatalogEntry>> GetSagasAsync(CancellationToken cancellationToken);
}

/// <summary>A saga type as a service declared it.</summary>
/// <param name="Service">The service (consumer group) that runs it.</param>
/// <param name="Description">Its state machine, as that service's generator wrote it.</param>
/// <param name="DeclaredAt">When that service last started.</param>
public sealed record SagaCatalogEntry(string Service, SagaDescription Description, DateTimeOffset DeclaredAt);
