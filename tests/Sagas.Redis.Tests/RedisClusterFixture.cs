using System.Diagnostics;
using System.Text;

namespace Sagas.Redis.Tests;

/// <summary>
/// A Redis Cluster of its own for the tests: three masters on free loopback ports, no replicas, their
/// files and logs in a temporary folder, all killed and removed on dispose. It always starts its own
/// cluster, even when <c>SAGAS_REDIS</c> names a server: that server is not a cluster.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private const int NodeCount = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly List<Process> _processes = [];
    private readonly List<int> _ports = [];
    private string? _folder;
    private string? _createOutput;

    /// <summary>A StackExchange.Redis configuration string that lists every node.</summary>
    public string Configuration { get; private set; } = "";

    /// <summary>The client ports of the nodes, on 127.0.0.1.</summary>
    public IReadOnlyList<int> Ports => _ports;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        if (RedisFactAttribute.SkipRequested)
        {
            return; // every Redis test is skipped: start nothing
        }

        var server = RedisServerLocator.Find();
        var cli = FindCli(server);
        _folder = Directory.CreateTempSubdirectory("sagas-redis-cluster-").FullName;
        try
        {
            for (var node = 0; node < NodeCount; node++)
            {
                _ports.Add(await StartNodeAsync(server, node));
            }

            await CreateClusterAsync(cli);
            await WaitUntilReadyAsync();
            Configuration = string.Join(",", _ports.Select(p => $"127.0.0.1:{p}"));
        }
        catch
        {
            // Leave no process behind whatever xunit does next; a second DisposeAsync does nothing.
            await DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                }
            }
            catch (InvalidOperationException)
            {
                // it exited between the check and the kill
            }

            process.Dispose();
        }

        _processes.Clear();
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        _folder = null;
        return Task.CompletedTask;
    }

    /// <summary>Starts one node and waits for PING; retries with new ports when another process took one.</summary>
    private async Task<int> StartNodeAsync(string server, int node)
    {
        for (var attempt = 1; ; attempt++)
        {
            // The cluster bus port is named too (Redis 7): the default, port + 10000, may be taken or past 65535.
            var port = RawRedis.FreePort();
            var busPort = RawRedis.FreePort();
            if (busPort == port || _ports.Contains(port))
            {
                continue;
            }

            var logFile = LogFile(port);
            var start = new ProcessStartInfo(server) { UseShellExecute = false };
            foreach (var argument in new[]
            {
                "--port", port.ToString(), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                "--cluster-config-file", $"nodes-{port}.conf", "--cluster-node-timeout", "5000",
                "--cluster-port", busPort.ToString(), "--appendonly", "no", "--save", "",
                "--dir", _folder!, "--logfile", logFile,
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {server}.");
            _processes.Add(process);
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < StartTimeout && !process.HasExited)
            {
                if (await RawRedis.AnswersPingAsync(port, CancellationToken.None))
                {
                    return port;
                }

                await Task.Delay(50);
            }

            var exited = process.HasExited;
            if (!exited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            if (attempt >= 3)
            {
                var what = exited ? $"exited with code {process.ExitCode}" : $"did not answer PING within {StartTimeout.TotalSeconds} s";
                throw new InvalidOperationException(
                    $"Cluster node {node + 1} ({server} on port {port}) {what}, 3 times. Its log:\n{ReadLog(port)}");
            }
        }
    }

    private async Task CreateClusterAsync(string cli)
    {
        var start = new ProcessStartInfo(cli)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var port in _ports)
        {
            start.ArgumentList.Add($"127.0.0.1:{port}");
        }

        foreach (var argument in new[] { "--cluster-replicas", "0", "--cluster-yes" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {cli}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CreateTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _createOutput = $"{await output}{await error}";
        if (timeout.IsCancellationRequested || process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                (timeout.IsCancellationRequested
                    ? $"'{cli} --cluster create' did not finish within {CreateTimeout.TotalSeconds} s."
                    : $"'{cli} --cluster create' failed with exit code {process.ExitCode}.")
                + $"\n{Diagnostics()}");
        }
    }

    /// <summary>Polls CLUSTER INFO on every node until each reports cluster_state:ok.</summary>
    private async Task WaitUntilReadyAsync()
    {
        var waited = Stopwatch.StartNew();
        var states = new Dictionary<int, string>();
        while (true)
        {
            foreach (var port in _ports)
            {
                states[port] = await ClusterStateAsync(port);
            }

            if (states.Values.All(s => s == "ok"))
            {
                return;
            }

            if (waited.Elapsed > ReadyTimeout)
            {
                var seen = string.Join(", ", states.Select(s => $"127.0.0.1:{s.Key} cluster_state:{s.Value}"));
                throw new InvalidOperationException(
                    $"The Redis Cluster was not ready within {ReadyTimeout.TotalSeconds} s ({seen}).\n{Diagnostics()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The cluster_state that CLUSTER INFO on the node reports, or why it could not be read.</summary>
    private static async Task<string> ClusterStateAsync(int port)
    {
        try
        {
            var info = await ClusterInfoAsync(port);
            var line = info.Split("\r\n").FirstOrDefault(l => l.StartsWith("cluster_state:", StringComparison.Ordinal));
            return line is null ? "(no cluster_state)" : line["cluster_state:".Length..];
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            return $"(unreachable: {ex.Message})";
        }
    }

    /// <summary>Reads the whole CLUSTER INFO bulk reply; <see cref="RawRedis.SendAsync"/> returns only its first line.</summary>
    private static async Task<string> ClusterInfoAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("CLUSTER INFO\r\n"), timeout.Token);
        var reply = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                return reply.ToString();
            }

            reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var text = reply.ToString();
            var header = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (header < 0)
            {
                continue;
            }

            if (text[0] != '$')
            {
                return text; // an error or something unexpected: the caller finds no cluster_state
            }

            var length = int.Parse(text[1..header]);
            if (Encoding.ASCII.GetByteCount(text) >= header + 2 + length + 2)
            {
                return text.Substring(header + 2, length);
            }
        }
    }

    /// <summary>redis-cli next to the server binary, else on PATH.</summary>
    private static string FindCli(string server)
    {
        var folder = Path.GetDirectoryName(server);
        if (!string.IsNullOrEmpty(folder))
        {
            var besideServer = Path.Combine(folder, "redis-cli");
            if (File.Exists(besideServer))
            {
                return besideServer;
            }
        }

        foreach (var entry in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(entry, "redis-cli");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"redis-cli was not found next to {server} or on PATH; the cluster tests need it to create the cluster. {RedisServerLocator.HowToFix}");
    }

    private string LogFile(int port) => Path.Combine(_folder!, $"redis-{port}.log");

    private string ReadLog(int port)
    {
        var file = LogFile(port);
        return File.Exists(file) ? File.ReadAllText(file) : "(no log)";
    }

    private string Diagnostics()
    {
        var text = new StringBuilder();
        text.Append("redis-cli --cluster create said:\n").Append(_createOutput ?? "(not run)").Append('\n');
        foreach (var port in _ports)
        {
            text.Append($"Log of the node on port {port}:\n").Append(ReadLog(port)).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>The tests that share one <see cref="RedisClusterFixture"/>; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    /// <summary>The collection's name, for <c>[Collection(RedisClusterCollection.Name)]</c>.</summary>
    public const string Name = "RedisCluster";
}
