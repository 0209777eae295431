namespace Sagas;

/// <summary>
/// Marks an immutable record as a command: a request that a participant do something, named in
/// the imperative (<c>CapturePayment</c>, <c>ReserveStock</c>).
/// </summary>
/// <remarks>The wire name defaults to the type name; pin it with <c>[Command("payments.capture.v1")]</c>.</remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class CommandAttribute : Attribute
{
    /// <summary>Marks a command whose wire name is its type name.</summary>
    public CommandAttribute()
    {
    }

    /// <summary>Marks a command with a pinned wire name.</summary>
    /// <param name="wireName">The stable name of the command on the wire.</param>
    public CommandAttribute(string wireName) => WireName = wireName;

    /// <summary>The pinned wire name, or <see langword="null"/> when the type name is used.</summary>
    public string? WireName { get; }

    /// <summary>
    /// The version of the command's shape, 1 unless raised. Raise it when a change breaks the JSON of
    /// messages already written (a member renamed, retyped or removed) and add an upcaster from the
    /// previous version: a static method of this type marked <see cref="UpcastFromAttribute"/>.
    /// The wire name stays the same across versions; the envelope carries the version.
    /// </summary>
    public int Version { get; set; } = 1;
}
