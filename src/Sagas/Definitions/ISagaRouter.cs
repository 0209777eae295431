namespace Sagas;

/// <summary>
/// Generated at compile time: which sagas handle a message, and the correlation key of the
/// instance each one should load, read from the message by generated code.
/// </summary>
public interface ISagaRouter
{
    /// <summary>
    /// The wire names of the messages some saga handles; a transport subscribes to these (and to
    /// those of the registered participants' handlers).
    /// </summary>
    IReadOnlyCollection<string> HandledWireNames { get; }

    /// <summary>
    /// Every saga this router routes to, its referenced projects' included: what tools that list
    /// an application's sagas read. Empty for a router generated before this member.
    /// </summary>
    IReadOnlyList<ISagaDefinition> Sagas => [];

    /// <summary>Adds a route for every saga that handles <paramref name="message"/>.</summary>
    /// <param name="message">A deserialized message.</param>
    /// <param name="routes">The list to add to; the caller clears and reuses it.</param>
    void Route(object message, List<SagaRoute> routes);
}

/// <summary>One saga that handles a message, and the instance to load for it.</summary>
/// <param name="Saga">The saga's generated definition.</param>
/// <param name="CorrelationKey">The instance's key, read from the message.</param>
public readonly record struct SagaRoute(ISagaDefinition Saga, string CorrelationKey);
