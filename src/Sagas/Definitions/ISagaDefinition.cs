using System.Text.Json;

namespace Sagas;

/// <summary>
/// A saga as the engine sees it, generated at compile time: a name for storage and the dispatch of
/// one message to the typed handler for the instance's current state.
/// </summary>
public interface ISagaDefinition
{
    /// <summary>The saga's stable name in the store: its full type name.</summary>
    string Name { get; }

    /// <summary>What the engine does with a message the instance's state neither handles nor ignores.</summary>
    UnexpectedMessagePolicy UnexpectedMessages { get; }

    /// <summary>The saga's states, transitions and compensations, as the generator read them.</summary>
    SagaDescription Description { get; }

    /// <summary>
    /// Rebuilds the instance from <paramref name="current"/> (or creates it when
    /// <see langword="null"/>), runs the handler for its state and the message, and returns the
    /// resulting state and data to save.
    /// </summary>
    /// <param name="current">The saved instance, or <see langword="null"/> when none exists yet.</param>
    /// <param name="message">The message to handle.</param>
    /// <param name="context">Collects what the handler sends and publishes.</param>
    /// <param name="json">Options for the saga data's JSON.</param>
    /// <param name="cancellationToken">Cancels an asynchronous handler.</param>
    ValueTask<SagaStep> DispatchAsync(SagaSnapshot? current, object message, MessageContext context, JsonSerializerOptions json, CancellationToken cancellationToken);
}
