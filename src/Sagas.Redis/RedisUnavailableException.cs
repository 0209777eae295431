namespace Sagas;

/// <summary>
/// Redis did not answer at startup, or refused the application's credentials, so the application
/// stops instead of failing on every message. The message names the address and what to fix, never
/// the password.
/// </summary>
public sealed class RedisUnavailableException : Exception
{
    /// <summary>Creates the exception for the address that did not answer.</summary>
    /// <param name="address">The Redis address, without any password.</param>
    /// <param name="timeout">How long the startup check waited.</param>
    /// <param name="innerException">The last error the client reported, if any.</param>
    public RedisUnavailableException(string address, TimeSpan timeout, Exception? innerException)
        : base(BuildMessage(address, timeout, innerException), innerException) => Address = address;

    private RedisUnavailableException(string address, string message)
        : base(message)
    {
        Address = address;
        IsAuthenticationFailure = true;
    }

    /// <summary>The Redis address that did not answer.</summary>
    public string Address { get; }

    /// <summary>Whether Redis answered but refused the user or password, rather than not answering.</summary>
    public bool IsAuthenticationFailure { get; }

    /// <summary>Redis at <paramref name="address"/> refused <paramref name="user"/>'s credentials.</summary>
    /// <param name="address">The Redis address, without any password.</param>
    /// <param name="user">The user the application authenticated as.</param>
    /// <param name="reply">The server's refusal (NOAUTH, WRONGPASS), which holds no password.</param>
    internal static RedisUnavailableException AuthenticationFailed(string address, string user, string reply) => new(
        address,
        $"Redis at '{address}' answers, but authentication failed for user '{user}' ({WithoutPrefix(reply)}). "
        + $"Correct the user= and password= of the configuration string given to UseRedis (usually the {RedisSagasOptions.SectionName}:Configuration setting), "
        + "or, on the server, the user's password and ACL rule (ACL SETUSER) or requirepass.");

    // "Error: WRONGPASS ..." (2.x) or "SimpleError: WRONGPASS ..." (3.x): the reply without the client's label.
    private static string WithoutPrefix(string reply) => reply.IndexOf("Error: ", StringComparison.Ordinal) is var at and >= 0 and < 12 ? reply[(at + 7)..] : reply;

    private static string BuildMessage(string address, TimeSpan timeout, Exception? inner)
    {
        var lastError = inner is null ? "" : $" Last error: {inner.Message}";
        return $"Redis at '{address}' does not answer (waited {timeout.TotalSeconds:0.#} s). Check that redis-server runs there, "
            + $"or correct the address given to UseRedis (usually the {RedisSagasOptions.SectionName}:Configuration setting).{lastError}";
    }
}
