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
}
