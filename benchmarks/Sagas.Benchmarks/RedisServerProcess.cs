using System.Diagnostics;
using System.Globalization;

namespace Sagas.Benchmarks;

/// <summary>
/// A redis-server of the benchmark's own: on a free loopback port, without persistence
/// (<c>--save "" --appendonly no</c>), its files in a temporary folder. Disposing it kills the
/// server and removes the folder; so does the end of the process, should it end some other way.
/// </summary>
internal sealed class RedisServerProcess : IDisposable
{
    public const string Binary = "/usr/bin/redis-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly string _folder;
    private int _disposed;

    private RedisServerProcess(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public int Port { get; }

    /// <summary>host:port, for a StackExchange.Redis configuration string.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>The server's process id, to read the CPU time it used.</summary>
    public int ProcessId => _process.Id;

    public string LogFile => Path.Combine(_folder, "redis.log");

    /// <summary>Starts the server and waits until it answers PING.</summary>
    public static Task<RedisServerProcess> StartAsync(CancellationToken cancellationToken) => StartAsync(clusterNode: false, cancellationToken);

    /// <summary>
    /// Starts a server with cluster mode on (its node file in its folder), not yet part of a cluster,
    /// and waits until it answers PING; <see cref="ScaleOut.RedisClusterProcesses"/> joins three.
    /// </summary>
    public static Task<RedisServerProcess> StartClusterNodeAsync(CancellationToken cancellationToken) => StartAsync(clusterNode: true, cancellationToken);

    private static async Task<RedisServerProcess> StartAsync(bool clusterNode, CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing; install it with 'apt-get install redis-server'.");
        }

        // Another process may take the free port between finding and binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var folder = Directory.CreateTempSubdirectory("sagas-bench-redis-").FullName;
            var port = LoopbackRedis.FreePort();
            var start = new ProcessStartInfo(Binary) { UseShellExecute = false };
            foreach (var argument in new[]
            {
                "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", folder, "--logfile", Path.Combine(folder, "redis.log"),
            })
            {
                start.ArgumentList.Add(argument);
            }

            if (clusterNode)
            {
                // The cluster bus port is named: the default, port + 10000, may be taken or past 65535.
                foreach (var argument in new[]
                {
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                    "--cluster-port", LoopbackRedis.FreePort().ToString(CultureInfo.InvariantCulture),
                })
                {
                    start.ArgumentList.Add(argument);
                }
            }

            var server = new RedisServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Binary}."), folder, port);
            try
            {
                await server.WaitUntilAnsweringAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                server.Dispose();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Lines the server logged at warning level (Redis marks them with '#') once it was ready: what
    /// happened during the run, not the banner and the host's settings it prints on every start.
    /// </summary>
    public IReadOnlyList<string> Warnings() => File.Exists(LogFile)
        ? [.. File.ReadLines(LogFile)
            .SkipWhile(l => !l.Contains("Ready to accept connections", StringComparison.Ordinal))
            .Where(l => l.Contains(" # ", StringComparison.Ordinal))]
        : [];

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Kill();
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the folder is in the temp directory, which the system cleans.
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Kill();

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout && !_process.HasExited)
        {
            if (await LoopbackRedis.AnswersPingAsync(Port, cancellationToken))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        var log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";
        throw new InvalidOperationException($"{Binary} on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s. Its log:\n{log}");
    }
}
