using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Sagas.Benchmarks;

/// <summary>
/// Counts the commands clients send, by name, with MONITOR. <c>INFO commandstats</c> cannot: it also
/// counts every <c>redis.call</c> a Lua script makes, and both clients and scripts send HDEL.
/// MONITOR shows each command once, and marks those a script ran with <c>[0 lua]</c>, which are left
/// out here. MONITOR slows the server down, so it runs in a window of its own, after the throughput
/// is measured; an ECHO sent through the admin connection marks each end of the window in the
/// stream, so the count covers exactly the commands between the two transition counts.
/// </summary>
internal static class CommandMonitor
{
    private const string StartMark = "sagas-bench-monitor-start";
    private const string EndMark = "sagas-bench-monitor-end";

    public static async Task<(CommandStats Sent, long Transitions)> CountAsync(
        int port, IDatabase admin, TransitionCounter counter, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("MONITOR\r\n"u8.ToArray(), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        if (await reader.ReadLineAsync(cancellationToken) != "+OK")
        {
            throw new InvalidOperationException("redis-server refused MONITOR.");
        }

        var sent = new Dictionary<string, long>(StringComparer.Ordinal);
        var reading = Task.Run(() => ReadAsync(reader, sent, cancellationToken), cancellationToken);

        await admin.ExecuteAsync("ECHO", StartMark);
        var transitionsBefore = counter.Transitions;
        await Task.Delay(duration, cancellationToken);
        var transitions = counter.Transitions - transitionsBefore;
        await admin.ExecuteAsync("ECHO", EndMark);

        await reading; // up to the end mark
        return (CommandStats.From(sent), transitions);
    }

    // +1700000000.123456 [0 127.0.0.1:54321] "EVALSHA" "1b2c..." "4" ...   (arguments escaped: one line each)
    private static async Task ReadAsync(StreamReader reader, Dictionary<string, long> sent, CancellationToken cancellationToken)
    {
        var counting = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Contains(StartMark, StringComparison.Ordinal))
            {
                counting = true;
                continue;
            }

            if (line.Contains(EndMark, StringComparison.Ordinal))
            {
                return;
            }

            var close = line.IndexOf("] \"", StringComparison.Ordinal);
            if (!counting || close < 0 || line.AsSpan(0, close).EndsWith(" lua"))
            {
                continue;
            }

            var nameStart = close + 3;
            var name = line[nameStart..line.IndexOf('"', nameStart)].ToLowerInvariant();
            if (name != "info")
            {
                sent[name] = sent.GetValueOrDefault(name) + 1;
            }
        }

        throw new InvalidOperationException("The MONITOR connection closed before the end of the window.");
    }
}
