using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;

namespace Sagas.Testing;

// For a TestMessageContext made without the generated registry: every [Event] or [Command] type is
// a message, named as it pins or by its type name, at the version it declares. It names messages; it
// never reads or checks them.
internal sealed class AttributeRegistry : IMessageRegistry
{
    public static readonly AttributeRegistry Instance = new();

    public IReadOnlyCollection<string> WireNames => [];

    public bool TryGetWireName(object message, [NotNullWhen(true)] out string? wireName) => TryGetWireNameOf(message.GetType(), out wireName);

    public bool TryGetWireNameOf(Type messageType, [NotNullWhen(true)] out string? wireName)
    {
        wireName = messageType.GetCustomAttribute<EventAttribute>() is { } @event ? @event.WireName ?? messageType.Name
            : messageType.GetCustomAttribute<CommandAttribute>() is { } command ? command.WireName ?? messageType.Name
            : null;
        return wireName is not null;
    }

    // What the generated registry stamps on a published envelope, so a test sees the same version.
    public int VersionOf(Type messageType) =>
        messageType.GetCustomAttribute<EventAttribute>()?.Version ?? messageType.GetCustomAttribute<CommandAttribute>()?.Version ?? 1;

    public bool TryDeserialize(string wireName, ReadOnlySpan<byte> body, JsonSerializerOptions options, [NotNullWhen(true)] out object? message)
    {
        message = null;
        return false;
    }

    public void CheckKeys(object message)
    {
    }

    public byte[] Serialize(object message, JsonSerializerOptions options) =>
        throw new NotSupportedException("A TestMessageContext made without a registry does not serialize messages.");
}
