using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Owns the connection to Redis that the saga store shares. Connects on first use, and keeps
/// reconnecting in the background when Redis goes away, instead of failing for good.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly ILogger<RedisConnection> _logger;
    private readonly Lock _gate = new();
    private Task<ConnectionMultiplexer>? _connecting;
    private bool _disposed;

    /// <summary>Creates the connection owner; nothing is connected until first use.</summary>
    /// <exception cref="ArgumentException">The configuration string or key prefix is not valid.</exception>
    public RedisConnection(IOptions<RedisSagasOptions> options, ILogger<RedisConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        if (settings.ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"{RedisSagasOptions.SectionName}:ConnectTimeout is {settings.ConnectTimeout}; set it to a positive time such as 00:00:05.",
                nameof(options));
        }

        _configuration = RedisConfigurationString.Parse(settings.Configuration);
        settings.ConfigureConnection?.Invoke(_configuration);

        // A Redis that is down at first connect must not be remembered as failed forever: the
        // multiplexer then retries in the background and recovers about a second after Redis is back.
        _configuration.AbortOnConnectFail = false;

        // The default reconnect backoff grows from half the connect timeout: with a long timeout, a
        // Redis that came back could go unnoticed for longer than the timeout itself. Try every second.
        _configuration.ReconnectRetryPolicy = new LinearRetry(1000);
        // One connect attempt waits at most 5 s: the first connect blocks for its whole timeout when
        // Redis is down, and a Redis that comes back meanwhile is only seen by the reconnects that
        // follow it. The startup check waits the full ConnectTimeout over several attempts.
        _configuration.ConnectTimeout = (int)Math.Min(5000, settings.ConnectTimeout.TotalMilliseconds);
        _configuration.SetDefaultPorts();
        _logger = logger;
        ConnectTimeout = settings.ConnectTimeout;
        Address = string.Join(",", _configuration.EndPoints.Select(Format));
        User = string.IsNullOrEmpty(_configuration.User) ? "default" : _configuration.User;
    }

    /// <summary>The Redis address(es) as <c>host:port</c>, without the password; for messages and logs.</summary>
    public string Address { get; }

    /// <summary>The Redis user it authenticates as: the configuration string's <c>user=</c>, else <c>default</c>.</summary>
    internal string User { get; }

    /// <summary>How long connecting may take (<see cref="RedisSagasOptions.ConnectTimeout"/>).</summary>
    public TimeSpan ConnectTimeout { get; }

    /// <summary>The database to send commands to, connecting first if needed.</summary>
    /// <param name="cancellationToken">Stops waiting for the first connect.</param>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    public ValueTask<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        // The hot path: once connected, no lock, no await, no allocation.
        var connecting = _connecting;
        return connecting is { IsCompletedSuccessfully: true }
            ? ValueTask.FromResult(connecting.Result.GetDatabase())
            : ConnectAndGetDatabaseAsync(cancellationToken);
    }

    /// <summary>
    /// Opens a connection of its own for blocking reads (<c>XREADGROUP ... BLOCK</c>), which would
    /// otherwise hold up every command queued behind them on the shared connection. Its commands
    /// time out a <paramref name="blockTime"/> later than the shared connection's, so a read lost
    /// with its connection fails with a timeout instead of waiting for ever. The caller disposes it.
    /// </summary>
    /// <param name="blockTime">The longest a command will block on the server.</param>
    internal async Task<ConnectionMultiplexer> ConnectDedicatedAsync(TimeSpan blockTime)
    {
        var configuration = _configuration.Clone();
        configuration.AsyncTimeout = (int)Math.Min(int.MaxValue, _configuration.AsyncTimeout + blockTime.TotalMilliseconds);
        configuration.SyncTimeout = (int)Math.Min(int.MaxValue, _configuration.SyncTimeout + blockTime.TotalMilliseconds);
        return await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
    }

    /// <summary>
    /// Connects once, on a connection of its own that gives up at the first failure, within
    /// <paramref name="timeout"/>: the shared connection retries quietly and keeps no reason, this one
    /// throws it (a refused password, say). The caller disposes it.
    /// </summary>
    /// <exception cref="RedisConnectionException">The connection failed.</exception>
    internal async Task<ConnectionMultiplexer> ConnectOnceAsync(TimeSpan timeout)
    {
        var configuration = _configuration.Clone();
        configuration.AbortOnConnectFail = true;
        configuration.ConnectTimeout = (int)Math.Min(configuration.ConnectTimeout, timeout.TotalMilliseconds);
        return await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        Task<ConnectionMultiplexer>? connecting;
        lock (_gate)
        {
            _disposed = true;
            connecting = _connecting;
        }

        if (connecting is { IsCompletedSuccessfully: true })
        {
            connecting.Result.Dispose();
        }
        else
        {
            // A connect still under way is closed when it ends, so it does not leak its sockets.
            connecting?.ContinueWith(
                t => t.Result.Dispose(),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
        }
    }

    private async ValueTask<IDatabase> ConnectAndGetDatabaseAsync(CancellationToken cancellationToken)
    {
        Task<ConnectionMultiplexer> connecting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // A connect that threw (not one that merely found Redis down) is tried again on next use.
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
            {
                _connecting = ConnectAsync();
            }

            connecting = _connecting;
        }

        var multiplexer = await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        return multiplexer.GetDatabase();
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        RedisLog.Connecting(_logger, Address);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration.Clone()).ConfigureAwait(false);
        multiplexer.ConnectionFailed += (_, e) => RedisLog.ConnectionLost(_logger, Format(e.EndPoint), e.FailureType.ToString(), e.Exception);
        multiplexer.ConnectionRestored += (_, e) => RedisLog.ConnectionRestored(_logger, Format(e.EndPoint));
        if (!multiplexer.IsConnected)
        {
            RedisLog.NotYetConnected(_logger, Address);
        }

        return multiplexer;
    }

    private static string Format(EndPoint? endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        null => "(unknown)",
        _ => endPoint.ToString() ?? "(unknown)",
    };
}
