using System.Text.Json;

namespace Sagas;

/// <summary>
/// What a message must hold before any handler sees it. A message without what its handlers need
/// would otherwise run them with default values (an order id of <see cref="Guid.Empty"/>) and
/// reply as if it were a real one; refused here, it is dead-lettered at once with the member named.
/// </summary>
internal static class MessageChecks
{
    /// <summary>
    /// The JSON settings for reading messages: the application's, made strict. A positional record
    /// parameter missing from the body, or a <see langword="null"/> where the type allows none, is a
    /// <see cref="JsonException"/> naming the member, not a default. Saga data is not read with these:
    /// a document saved before a member was added must still load.
    /// </summary>
    public static JsonSerializerOptions StrictJson(JsonSerializerOptions options) => new(options)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>
    /// Checks what the JSON settings cannot: the keys the generated registry knows of
    /// (<see cref="IMessageRegistry.CheckKeys"/>), and the members of the engine's own messages.
    /// </summary>
    /// <exception cref="MissingCorrelationIdException">A key is empty.</exception>
    /// <exception cref="MalformedMessageException">Another member of a built-in message is empty.</exception>
    public static void Check(object message, IMessageRegistry registry)
    {
        if (message is CompensationTimedOut timeout)
        {
            Check(timeout);
        }

        registry.CheckKeys(message);
    }

    // Written by generated code only; one that fails here was forged or corrupted, and would
    // otherwise be acknowledged without finding its saga.
    private static void Check(CompensationTimedOut timeout)
    {
        const string Name = nameof(CompensationTimedOut);
        if (string.IsNullOrEmpty(timeout.Saga))
        {
            throw new MalformedMessageException($"{Name}.{nameof(timeout.Saga)} is empty; it must name the saga whose compensation timed out.");
        }

        _ = CorrelationKeys.From(timeout.CorrelationKey, $"{Name}.{nameof(timeout.CorrelationKey)}");
        if (string.IsNullOrEmpty(timeout.Step))
        {
            throw new MalformedMessageException($"{Name}.{nameof(timeout.Step)} is empty; it must name the step being compensated.");
        }

        if (timeout.Attempt < 1)
        {
            throw new MalformedMessageException($"{Name}.{nameof(timeout.Attempt)} is {timeout.Attempt}; attempts count from 1.");
        }
    }
}
