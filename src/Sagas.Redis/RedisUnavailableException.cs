namespace Sagas;

/// <summary>Redis did not answer at startup, so the application stops instead of failing on every message.</summary>
public sealed class RedisUnavailableException : Exception
{
    /// <summary>Creates the exception for the address that did not answer.</summary>
    /// <param name="address">The Redis address, without any password.</param>
    /// <param name="timeout">How long the startup check waited.</param>
    /// <param name="innerException">The last error the client reported, if any.</param>
    public RedisUnavailableException(string address, TimeSpan timeout, Exception? innerException)
        : base(BuildMessage(address, timeout, innerException), innerException) => Address = address;

    /// <summary>The Redis address that did not answer.</summary>
    public string Address { get; }

    private static string BuildMessage(string address, TimeSpan timeout, Exception? inner)
    {
        var lastError = inner is null ? "" : $" Last error: {inner.Message}";
        return $"Redis at '{address}' does not answer (waited {timeout.TotalSeconds:0.#} s). Check that redis-server runs there, "
            + $"or correct the address given to UseRedis (usually the {RedisSagasOptions.SectionName}:Configuration setting).{lastError}";
    }
}
