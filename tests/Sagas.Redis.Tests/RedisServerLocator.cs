namespace Sagas.Redis.Tests;

/// <summary>Finds the redis-server binary the fixture starts, or explains how to get one.</summary>
public static class RedisServerLocator
{
    /// <summary>Names the binary (a path or a name looked up on PATH) instead of <c>redis-server</c>; lets a test simulate a missing one.</summary>
    public const string BinaryVariable = "SAGAS_REDIS_SERVER";

    /// <summary>The advice every "not found" message ends with.</summary>
    public const string HowToFix =
        "Install it (Debian/Ubuntu: sudo apt-get install -y redis-server), point SAGAS_REDIS at a running server, "
        + "or set SAGAS_SKIP_REDIS=1 to skip the Redis tests.";

    /// <summary>Finds redis-server using this process's environment.</summary>
    /// <exception cref="InvalidOperationException">It was not found; the message says how to install it.</exception>
    public static string Find() =>
        Find(Environment.GetEnvironmentVariable(BinaryVariable), Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Finds redis-server from an explicit override and PATH.</summary>
    /// <param name="binary">The override (<see cref="BinaryVariable"/>), or <see langword="null"/> for <c>redis-server</c>.</param>
    /// <param name="path">The PATH to search for a bare name.</param>
    /// <exception cref="InvalidOperationException">It was not found; the message says how to install it.</exception>
    public static string Find(string? binary, string? path)
    {
        if (!string.IsNullOrEmpty(binary) && binary.Contains('/'))
        {
            return File.Exists(binary)
                ? binary
                : throw new InvalidOperationException($"redis-server was not found at '{binary}' ({BinaryVariable}). {HowToFix}");
        }

        var name = string.IsNullOrEmpty(binary) ? "redis-server" : binary;
        foreach (var folder in (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(name == "redis-server"
            ? $"redis-server was not found on PATH. {HowToFix}"
            : $"redis-server was not found on PATH as '{name}' ({BinaryVariable}). {HowToFix}");
    }
}
