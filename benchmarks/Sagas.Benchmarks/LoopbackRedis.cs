using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sagas.Benchmarks;

/// <summary>
/// What the benchmark's own redis-servers need before a client library can talk to them: a free
/// loopback port to start one on, and one command sent over a plain socket (PING while it starts,
/// CLUSTER INFO while a cluster forms).
/// </summary>
internal static class LoopbackRedis
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> AnswersPingAsync(int port, CancellationToken cancellationToken) =>
        await CommandAsync(port, "PING", cancellationToken) == "PONG";

    /// <summary>
    /// Sends an inline command and returns its reply: a simple string, a bulk string (whole), or the
    /// line of an error or integer (with its '-' or ':'); <see langword="null"/> for a null reply or
    /// when the server cannot be reached or does not answer in time.
    /// </summary>
    public static async Task<string?> CommandAsync(int port, string command, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
            return await ReadReplyAsync(stream, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    private static async Task<string?> ReadReplyAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var reply = new List<byte>();
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, cancellationToken) is > 0 and var read)
        {
            reply.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.ASCII.GetString([.. reply]);
            var header = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (header < 0)
            {
                continue;
            }

            if (text[0] != '$')
            {
                return text[0] == '+' ? text[1..header] : text[..header];
            }

            // A bulk string ($length, then that many bytes) may come in several reads.
            var length = int.Parse(text.AsSpan(1, header - 1), System.Globalization.CultureInfo.InvariantCulture);
            if (length < 0 || reply.Count >= header + 2 + length + 2)
            {
                return length < 0 ? null : text.Substring(header + 2, length);
            }
        }

        return null;
    }
}
