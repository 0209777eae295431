using System.Net.Sockets;
using System.Text;

namespace Sagas.Redis.Tests;

/// <summary>
/// Speaks just enough of the Redis protocol over a plain socket to see whether a server answers and
/// to shut it down, independently of the client library under test.
/// </summary>
public static class RawRedis
{
    /// <summary>Whether a server on 127.0.0.1:<paramref name="port"/> answers PING with PONG.</summary>
    public static async Task<bool> AnswersPingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            return (await SendAsync(port, "PING", cancellationToken)).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }

    /// <summary>Sends one inline command and returns the first line of the reply ("" when the server closed the connection).</summary>
    public static async Task<string> SendAsync(int port, string command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
    }

    /// <summary>A loopback port that nothing listens on at the moment of the call.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
