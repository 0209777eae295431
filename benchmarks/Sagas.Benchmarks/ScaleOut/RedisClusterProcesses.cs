using System.Diagnostics;

namespace Sagas.Benchmarks.ScaleOut;

/// <summary>
/// A Redis Cluster of the benchmark's own: three masters on free loopback ports, no replicas, no
/// persistence, each a <see cref="RedisServerProcess"/> (its own temporary folder, killed and
/// removed on dispose or when this process ends), joined with <c>redis-cli --cluster create</c>.
/// </summary>
internal sealed class RedisClusterProcesses : IDisposable
{
    public const int Masters = 3;

    // For each step of the join: redis-cli's create, then the masters' agreement.
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);
    private readonly List<RedisServerProcess> _nodes;

    private RedisClusterProcesses(List<RedisServerProcess> nodes) => _nodes = nodes;

    public IReadOnlyList<RedisServerProcess> Nodes => _nodes;

    /// <summary>Every master's host:port, comma-separated: a StackExchange.Redis configuration string.</summary>
    public string Configuration => string.Join(",", _nodes.Select(n => n.Address));

    /// <summary>Starts the masters, joins them, and waits until every one says <c>cluster_state:ok</c>.</summary>
    public static async Task<RedisClusterProcesses> StartAsync(CancellationToken cancellationToken)
    {
        var cluster = new RedisClusterProcesses([]);
        try
        {
            for (var node = 0; node < Masters; node++)
            {
                cluster._nodes.Add(await RedisServerProcess.StartClusterNodeAsync(cancellationToken));
            }

            await cluster.CreateAsync(cancellationToken);
            await cluster.WaitUntilReadyAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        // redis-cli comes with redis-server (Debian: redis-tools, a dependency of redis-server).
        var cli = Path.Combine(Path.GetDirectoryName(RedisServerProcess.Binary)!, "redis-cli");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} is missing; install it with 'apt-get install redis-tools'.");
        }

        var start = new ProcessStartInfo(cli)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[] { "--cluster", "create" }
            .Concat(_nodes.Select(n => n.Address))
            .Concat(["--cluster-replicas", "0", "--cluster-yes"]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {cli}.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(JoinTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (timeout.IsCancellationRequested || process.ExitCode != 0)
        {
            var what = timeout.IsCancellationRequested ? $"did not finish within {JoinTimeout.TotalSeconds} s" : $"failed with exit code {process.ExitCode}";
            throw new InvalidOperationException($"'{cli} --cluster create' {what}:\n{await output}{await error}{Logs()}");
        }
    }

    /// <summary>Polls CLUSTER INFO on every master: each learns of the others' slots over the cluster bus, a moment after the create.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var states = new List<string>();
            foreach (var node in _nodes)
            {
                var info = await LoopbackRedis.CommandAsync(node.Port, "CLUSTER INFO", cancellationToken) ?? "";
                var state = info.Split("\r\n").FirstOrDefault(l => l.StartsWith("cluster_state:", StringComparison.Ordinal)) ?? "cluster_state:(no answer)";
                states.Add($"{node.Address} {state}");
            }

            if (states.All(s => s.EndsWith("cluster_state:ok", StringComparison.Ordinal)))
            {
                return;
            }

            if (waited.Elapsed > JoinTimeout)
            {
                throw new InvalidOperationException($"The Redis Cluster was not ready within {JoinTimeout.TotalSeconds} s ({string.Join(", ", states)}).{Logs()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private string Logs() => string.Concat(_nodes.Select(n =>
        $"\nLog of {n.Address}:\n{(File.Exists(n.LogFile) ? File.ReadAllText(n.LogFile) : "(no log)")}"));
}
