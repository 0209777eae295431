namespace Sagas;

/// <summary>Look-ups on an <see cref="IMessageRegistry"/> that a message must pass to be sent at all.</summary>
public static class MessageRegistryExtensions
{
    /// <summary>The wire name of a registered message.</summary>
    /// <exception cref="UnknownMessageTypeException">The message's type is not registered.</exception>
    public static string GetWireName(this IMessageRegistry registry, object message) =>
        registry.TryGetWireName(message, out var wireName) ? wireName : throw UnknownMessageTypeException.ForType(message.GetType());

    /// <summary>The wire name of a registered message and its type's current version, which an envelope of it is stamped with.</summary>
    /// <exception cref="UnknownMessageTypeException">The message's type is not registered.</exception>
    public static string GetWireName(this IMessageRegistry registry, object message, out int version) =>
        registry.TryGetWireNameOf(message.GetType(), out var wireName, out version) ? wireName : throw UnknownMessageTypeException.ForType(message.GetType());

    /// <summary>The wire name of a registered message type.</summary>
    /// <exception cref="UnknownMessageTypeException">The type is not registered.</exception>
    public static string GetWireName(this IMessageRegistry registry, Type messageType) =>
        registry.TryGetWireNameOf(messageType, out var wireName) ? wireName : throw UnknownMessageTypeException.ForType(messageType);
}
