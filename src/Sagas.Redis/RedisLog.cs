using Microsoft.Extensions.Logging;

namespace Sagas;

/// <summary>The Redis store's log messages, generated so that a disabled level costs nothing.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Connecting to Redis at {Address}")]
    public static partial void Connecting(ILogger logger, string address);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Redis at {Address} is not reachable yet; retrying in the background")]
    public static partial void NotYetConnected(ILogger logger, string address);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Lost the connection to Redis at {EndPoint} ({FailureType}); reconnecting")]
    public static partial void ConnectionLost(ILogger logger, string endPoint, string failureType, Exception? exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Connection to Redis at {EndPoint} restored")]
    public static partial void ConnectionRestored(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Redis at {Address} answered in {Milliseconds:0.0} ms")]
    public static partial void Answered(ILogger logger, string address, double milliseconds);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Saga {Key}: version {ExpectedVersion} was saved by another worker first")]
    public static partial void VersionConflict(ILogger logger, SagaKey key, long expectedVersion);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Debug, Message = "Redis at {Address} does not answer yet: {Reason}")]
    public static partial void NotAnswering(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Redis at {Address} evicts keys under memory pressure (maxmemory-policy {Policy}): saga state could vanish. Set maxmemory-policy noeviction")]
    public static partial void EvictsKeys(ILogger logger, string address, string policy);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Redis at {Address} has no append-only file: a restart can lose the saga state saved since its last snapshot. Set appendonly yes (appendfsync everysec or always)")]
    public static partial void NoAppendOnlyFile(ILogger logger, string address);
}
