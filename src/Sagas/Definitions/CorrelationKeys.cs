using System.Globalization;

namespace Sagas;

/// <summary>
/// Turns the correlation property read from a message into the key a store uses. Called by
/// generated routers; an empty key means the message cannot be routed and is refused.
/// </summary>
public static class CorrelationKeys
{
    /// <summary>The key for a <see cref="Guid"/> correlation property.</summary>
    /// <param name="value">The property's value.</param>
    /// <param name="source">The message type and property, for the error message.</param>
    /// <exception cref="MissingCorrelationIdException">The value is <see cref="Guid.Empty"/>.</exception>
    public static string From(Guid value, string source) =>
        value != Guid.Empty ? value.ToString("D") : throw new MissingCorrelationIdException(source);

    /// <summary>The key for a <see cref="string"/> correlation property.</summary>
    /// <exception cref="MissingCorrelationIdException">The value is null or empty.</exception>
    public static string From(string? value, string source) =>
        !string.IsNullOrEmpty(value) ? value : throw new MissingCorrelationIdException(source);

    /// <summary>The key for an <see cref="int"/> correlation property.</summary>
    public static string From(int value, string source) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The key for a <see cref="long"/> correlation property.</summary>
    public static string From(long value, string source) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The key for a <see cref="ulong"/> correlation property.</summary>
    public static string From(ulong value, string source) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A message that a saga handles carries no value in its correlation property.</summary>
public sealed class MissingCorrelationIdException(string source)
    : Exception($"{source} is empty, so no saga instance can be found for the message. Set it when creating the message.")
{
    /// <summary>The message type and property that was empty, e.g. <c>OrderPlaced.OrderId</c>.</summary>
    public string Property { get; } = source;
}
