namespace Sagas;

/// <summary>
/// Marks an immutable record as an event: something that has happened, named in the past tense
/// (<c>OrderPlaced</c>, <c>PaymentCaptured</c>).
/// </summary>
/// <remarks>
/// The wire name identifies the event in stored and transported messages. It defaults to the type
/// name; pin it with <c>[Event("orders.placed.v1")]</c> so that renaming the class does not break
/// messages already stored.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class EventAttribute : Attribute
{
    /// <summary>Marks an event whose wire name is its type name.</summary>
    public EventAttribute()
    {
    }

    /// <summary>Marks an event with a pinned wire name.</summary>
    /// <param name="wireName">The stable name of the event on the wire, for example <c>orders.placed.v1</c>.</param>
    public EventAttribute(string wireName) => WireName = wireName;

    /// <summary>The pinned wire name, or <see langword="null"/> when the type name is used.</summary>
    public string? WireName { get; }

    /// <summary>
    /// The version of the event's shape, 1 unless raised. Raise it when a change breaks the JSON of
    /// messages already written (a member renamed, retyped or removed) and add an upcaster from the
    /// previous version: a static method of this type marked <see cref="UpcastFromAttribute"/>.
    /// The wire name stays the same across versions; the envelope carries the version.
    /// </summary>
    public int Version { get; set; } = 1;
}
