using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Makes the application stop at startup, with a message that says what to fix, when Redis does
/// not answer or refuses the credentials, rather than start and then fail on every message; and warns when the server's
/// settings would lose saga state (key eviction, no append-only file).
/// </summary>
internal sealed class RedisStartupCheck(RedisConnection connection, ILogger<RedisStartupCheck> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Runs before every hosted service's <c>StartAsync</c>, so no worker starts against a missing Redis.</summary>
    public Task StartingAsync(CancellationToken cancellationToken) => CheckAsync(cancellationToken);

    /// <summary>PINGs Redis until it answers or <see cref="RedisConnection.ConnectTimeout"/> passes.</summary>
    /// <exception cref="RedisUnavailableException">Redis did not answer in time, or refused the credentials.</exception>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var timeout = connection.ConnectTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        Exception? lastError = null;
        while (true)
        {
            try
            {
                var database = await connection.GetDatabaseAsync(deadline.Token).ConfigureAwait(false);
                var roundTrip = await database.PingAsync().WaitAsync(deadline.Token).ConfigureAwait(false);
                RedisLog.Answered(logger, connection.Address, roundTrip.TotalMilliseconds);
                await WarnAboutDurabilityAsync(database).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Redis may still be starting (a container next to this one): try again until the deadline.
                lastError = ex;
                RedisLog.NotAnswering(logger, connection.Address, ex.Message);
            }

            try
            {
                await Task.Delay(RetryDelay, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        if (await AuthenticationRefusalAsync().ConfigureAwait(false) is { } refusal)
        {
            throw RedisUnavailableException.AuthenticationFailed(connection.Address, connection.User, refusal);
        }

        throw new RedisUnavailableException(connection.Address, Stopwatch.GetElapsedTime(started), lastError);
    }

    // A wrong or missing password looks like silence through the shared connection: it retries and
    // its commands time out. One connection that gives up at the first failure says why. Its reason
    // is the server's reply (NOAUTH, WRONGPASS), which never holds the password.
    private async Task<string?> AuthenticationRefusalAsync()
    {
        try
        {
            using var probe = await connection.ConnectOnceAsync(ProbeTimeout).ConfigureAwait(false);
            return null;
        }
        catch (RedisConnectionException ex)
        {
            var reply = (ex.InnerException as RedisServerException)?.Message;
            return ex.FailureType == ConnectionFailureType.AuthenticationFailure || IsAuthenticationReply(reply)
                ? reply ?? "authentication failure"
                : null;
        }
    }

    // 2.x reports a refused AUTH as UnableToConnect, with the server's reply inside; 3.x as AuthenticationFailure.
    private static bool IsAuthenticationReply(string? reply) => reply is not null
        && (reply.Contains("NOAUTH", StringComparison.Ordinal) || reply.Contains("WRONGPASS", StringComparison.Ordinal)
            || reply.Contains("invalid password", StringComparison.OrdinalIgnoreCase) || reply.Contains("ERR AUTH", StringComparison.Ordinal));

    // INFO, not CONFIG GET: it needs no admin rights, which an application's Redis user seldom has.
    // Through a script: the client refuses INFO as an admin command unless allowAdmin is set, which
    // would also open FLUSHALL and the like to this connection.
    private async Task WarnAboutDurabilityAsync(StackExchange.Redis.IDatabase database)
    {
        var info = (string?)await database.ScriptEvaluateAsync("return redis.call('INFO', 'memory') .. redis.call('INFO', 'persistence')").ConfigureAwait(false) ?? "";
        var policy = InfoField(info, "maxmemory_policy");
        if (policy is not null && policy != "noeviction")
        {
            RedisLog.EvictsKeys(logger, connection.Address, policy);
        }

        if (InfoField(info, "aof_enabled") == "0")
        {
            RedisLog.NoAppendOnlyFile(logger, connection.Address);
        }
    }

    private static string? InfoField(string info, string name)
    {
        foreach (var line in info.Split('\n'))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
