using StackExchange.Redis;

namespace Sagas.Benchmarks.ScaleOut;

/// <summary>
/// Where a run's keys fell on the cluster: the master of each stream partition and of the timeout
/// schedule (by the hash tags the transport and scheduler give their keys: <c>{p0}</c>, <c>{p1}</c>,
/// …, <c>{timeouts}</c>), and how many keys each master holds (DBSIZE).
/// </summary>
internal static class ClusterSpread
{
    public static async Task<IReadOnlyList<string>> DescribeAsync(RedisClusterProcesses cluster, int partitions)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration);
        var layout = connection.GetServer(cluster.Nodes[0].Address).ClusterConfiguration
            ?? throw new InvalidOperationException("The cluster did not describe its slots.");
        string[] tags = [.. Enumerable.Range(0, partitions).Select(p => $"{{p{p}}}"), "{timeouts}"];
        var lines = new List<string>();
        foreach (var node in cluster.Nodes)
        {
            var held = tags.Where(t => layout.GetBySlot(connection.HashSlot(t))?.EndPoint?.ToString() == node.Address).ToList();
            var keys = await connection.GetServer(node.Address).DatabaseSizeAsync();
            lines.Add($"{node.Address}: {keys:N0} keys; {(held.Count == 0 ? "no stream partition" : string.Join(" ", held))}");
        }

        return lines;
    }
}
