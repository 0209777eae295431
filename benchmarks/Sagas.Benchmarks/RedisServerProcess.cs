using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

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
    public static async Task<RedisServerProcess> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing; install it with 'apt-get install redis-server'.");
        }

        // Another process may take the free port between finding and binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var folder = Directory.CreateTempSubdirectory("sagas-bench-redis-").FullName;
            var port = FreePort();
            var start = new ProcessStartInfo(Binary) { UseShellExecute = false };
            foreach (var argument in new[]
            {
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", folder, "--logfile", Path.Combine(folder, "redis.log"),
            })
            {
                start.ArgumentList.Add(argument);
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
            if (await AnswersPingAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        var log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";
        throw new InvalidOperationException($"{Binary} on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s. Its log:\n{log}");
    }

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
