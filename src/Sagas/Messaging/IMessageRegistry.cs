using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Sagas;

/// <summary>
/// The registered message types of an application: wire name ↔ type ↔ serializer. Generated at
/// compile time from <c>[Event]</c> and <c>[Command]</c> types; only these types are ever
/// deserialized, and nothing takes a type name from the wire.
/// </summary>
public interface IMessageRegistry
{
    /// <summary>Every registered wire name.</summary>
    IReadOnlyCollection<string> WireNames { get; }

    /// <summary>Finds the wire name of a registered message.</summary>
    /// <returns><see langword="false"/> when the message's type is not registered.</returns>
    bool TryGetWireName(object message, [NotNullWhen(true)] out string? wireName);

    /// <summary>Finds the wire name of a registered message type.</summary>
    /// <returns><see langword="false"/> when <paramref name="messageType"/> is not registered.</returns>
    bool TryGetWireNameOf(Type messageType, [NotNullWhen(true)] out string? wireName);

    /// <summary>Deserializes a message of a registered wire name, its body in the type's current shape.</summary>
    /// <returns><see langword="false"/> when <paramref name="wireName"/> is not registered.</returns>
    /// <exception cref="JsonException">The body is not valid JSON for the type.</exception>
    bool TryDeserialize(string wireName, ReadOnlySpan<byte> body, JsonSerializerOptions options, [NotNullWhen(true)] out object? message);

    /// <summary>
    /// Deserializes a message of a registered wire name written at <paramref name="version"/> of its
    /// type, upcasting it to the type's current version through the type's <c>[UpcastFrom]</c> methods.
    /// </summary>
    /// <returns><see langword="false"/> when <paramref name="wireName"/> is not registered.</returns>
    /// <exception cref="JsonException">The body is not valid JSON for the version's shape.</exception>
    /// <exception cref="MessageVersionException"><paramref name="version"/> is newer than the type's.</exception>
    bool TryDeserialize(string wireName, int version, ReadOnlySpan<byte> body, JsonSerializerOptions options, [NotNullWhen(true)] out object? message)
    {
        // A registry generated before versions existed knows every type at version 1.
        if (version > 1 && WireNames.Contains(wireName))
        {
            throw new MessageVersionException(wireName, wireName, version, 1);
        }

        return TryDeserialize(wireName, body, options, out message);
    }

    /// <summary>The current version of a registered message type (<c>[Event(Version = ...)]</c>); 1 when not raised or not registered.</summary>
    int VersionOf(Type messageType) => 1;

    /// <summary>
    /// The wire name and current version of a registered message type, in one look-up: what sending
    /// and publishing stamp on each envelope.
    /// </summary>
    /// <returns><see langword="false"/> when <paramref name="messageType"/> is not registered.</returns>
    bool TryGetWireNameOf(Type messageType, [NotNullWhen(true)] out string? wireName, out int version)
    {
        // A registry generated before this member existed answers in two look-ups.
        version = VersionOf(messageType);
        return TryGetWireNameOf(messageType, out wireName);
    }

    /// <summary>
    /// Checks that a message carries its keys: the property each saga that handles it finds its
    /// instance by, and, on a message a saga sends, publishes or schedules, the property named and
    /// typed like that saga's key, by which the reply to it finds the saga again. The engine calls
    /// this before any saga or participant handles the message.
    /// </summary>
    /// <exception cref="MissingCorrelationIdException">
    /// One of them is empty: <see cref="Guid.Empty"/>, an empty string, or a strongly-typed id wrapping one.
    /// </exception>
    void CheckKeys(object message);

    /// <summary>Serializes a registered message to UTF-8 JSON.</summary>
    /// <exception cref="UnknownMessageTypeException">The message's type is not registered.</exception>
    byte[] Serialize(object message, JsonSerializerOptions options);
}
