using System.Diagnostics;

namespace Sagas.Redis.Tests;

/// <summary>
/// A redis-server for the tests: the one <c>SAGAS_REDIS</c> names (host:port), or else one of its
/// own on a free loopback port, with its files in a temporary folder, removed on dispose. Tests that
/// need to take Redis away use <see cref="StopAsync"/>, <see cref="Kill"/> and <see cref="RestartAsync"/>.
/// With <see cref="AppendOnly"/> the server keeps an append-only file, so that a restart keeps the data.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    /// <summary>Names an external server (host:port) to use instead of starting one.</summary>
    public const string ServerVariable = "SAGAS_REDIS";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private string? _binary;
    private string? _folder;
    private Process? _process;

    /// <summary>
    /// Whether the server keeps an append-only file, written to disk before every reply
    /// (<c>--appendonly yes --appendfsync always</c>), so that it comes back from a kill with every
    /// acknowledged write. Off by default: no persistence at all. Such a server is always one this
    /// fixture starts, since it cannot configure one that <c>SAGAS_REDIS</c> names.
    /// </summary>
    public bool AppendOnly { get; init; }

    /// <summary>The folder of the server this fixture started (its log and, with <see cref="AppendOnly"/>, its append-only files).</summary>
    public string? Folder => _folder;

    /// <summary>The server's address as host:port, for a StackExchange.Redis configuration string.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Whether this fixture started the server, and so can stop and restart it.</summary>
    public bool OwnsServer => _binary is not null;

    /// <summary>The loopback port of the server this fixture started.</summary>
    public int Port { get; private set; }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        if (RedisFactAttribute.SkipRequested)
        {
            return; // every Redis test is skipped: start nothing
        }

        var external = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(external) && !AppendOnly)
        {
            Address = external;
            return;
        }

        _binary = RedisServerLocator.Find();
        _folder = Directory.CreateTempSubdirectory("sagas-redis-").FullName;

        // Another process may take the free port between finding it and binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = RawRedis.FreePort();
            Address = $"127.0.0.1:{Port}";
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Starts the server (again) on <see cref="Port"/> and waits until it answers PING; with
    /// <see cref="AppendOnly"/>, after it has loaded the append-only file left in <see cref="Folder"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">It is already running, or did not answer in time.</exception>
    public async Task StartAsync()
    {
        RequireOwnServer();
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"redis-server on port {Port} is already running.");
        }

        var logFile = Path.Combine(_folder!, "redis.log");
        var start = new ProcessStartInfo(_binary!) { UseShellExecute = false };
        string[] persistence = AppendOnly ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
        foreach (var argument in (string[])
        [
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", .. persistence,
            "--dir", _folder!, "--logfile", logFile,
        ])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_binary}.");
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (await RawRedis.AnswersPingAsync(Port, CancellationToken.None))
            {
                return;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        Kill();
        var log = File.Exists(logFile) ? File.ReadAllText(logFile) : "(no log)";
        throw new InvalidOperationException($"{_binary} on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s. Its log:\n{log}");
    }

    /// <summary>Shuts the server down as an operator would (SHUTDOWN NOSAVE) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        RequireOwnServer();
        if (_process is not { HasExited: false })
        {
            return;
        }

        await RawRedis.SendAsync(Port, "SHUTDOWN NOSAVE", CancellationToken.None);
        await _process.WaitForExitAsync();
    }

    /// <summary>Kills the server at once, as a crash would, and waits until it has exited.</summary>
    public void Kill()
    {
        RequireOwnServer();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Kills the server and starts it again on the same port: empty, or with <see cref="AppendOnly"/> with the data it had.</summary>
    public Task RestartAsync()
    {
        Kill();
        return StartAsync();
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        if (OwnsServer)
        {
            Kill();
            _process?.Dispose();
            if (_folder is not null && Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }

        return Task.CompletedTask;
    }

    private void RequireOwnServer()
    {
        if (!OwnsServer)
        {
            throw new InvalidOperationException(
                $"This test stops or restarts Redis, which the fixture can do only with a server it started; unset {ServerVariable}.");
        }
    }
}
