namespace Sagas;

/// <summary>
/// Marks a static method of an <c>[Event]</c> or <c>[Command]</c> type that turns a message of an
/// earlier version into the next one, so that messages written before a deploy (in streams,
/// outboxes, schedules) are read by the new code.
/// </summary>
/// <remarks>
/// The method takes the old shape, a plain type deserialized from the old JSON with the
/// application's serializer options, and returns the next version's shape: the message type itself
/// for the upcaster from the version before the current one, else the parameter type of the
/// upcaster from the next version. Upcasters chain: a version 1 message of a version 3 event goes
/// through <c>[UpcastFrom(1)]</c>, then <c>[UpcastFrom(2)]</c>.
/// <code>
/// [Event("orders.placed", Version = 2)]
/// public sealed record OrderPlaced(Guid OrderId, decimal Amount, string Currency)
/// {
///     [UpcastFrom(1)]
///     public static OrderPlaced FromV1(OrderPlacedV1 old) => new(old.OrderId, old.Total, "EUR");
/// }
///
/// public sealed record OrderPlacedV1(Guid OrderId, decimal Total);
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class UpcastFromAttribute : Attribute
{
    /// <summary>Marks an upcaster from <paramref name="version"/> to the version after it.</summary>
    /// <param name="version">The version of the message the method reads, lower than the type's.</param>
    public UpcastFromAttribute(int version) => Version = version;

    /// <summary>The version of the message the method reads.</summary>
    public int Version { get; }
}
