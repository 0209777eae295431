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

    [LoggerMessage(EventId = 4026, Level = LogLevel.Debug, Message = "Saga {Key}: message {MessageId} was handled before; loading the instance to settle it")]
    public static partial void HandledBefore(ILogger logger, SagaKey key, string messageId);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Debug, Message = "Redis at {Address} does not answer yet: {Reason}")]
    public static partial void NotAnswering(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Redis at {Address} evicts keys under memory pressure (maxmemory-policy {Policy}): saga state could vanish. Set maxmemory-policy noeviction")]
    public static partial void EvictsKeys(ILogger logger, string address, string policy);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Redis at {Address} has no append-only file: a restart can lose the saga state saved since its last snapshot. Set appendonly yes (appendfsync everysec or always)")]
    public static partial void NoAppendOnlyFile(ILogger logger, string address);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Service {Group} subscribes to no message type: no saga handles one and no handler is registered, so this worker reads nothing")]
    public static partial void NothingToConsume(ILogger logger, string group);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Consumer group {Group} is missing ({Reason}); creating it again")]
    public static partial void GroupMissing(ILogger logger, string group, string reason);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Service {Group} could not read its streams (failure {Failures} in a row); retrying")]
    public static partial void ReadFailed(ILogger logger, string group, int failures, Exception exception);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "Service {Group} could not take over abandoned messages or trim its streams; retrying")]
    public static partial void MaintenanceFailed(ILogger logger, string group, Exception exception);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Information, Message = "Took over message {EntryId} on {Stream}, abandoned by a worker that stopped (delivery {Deliveries})")]
    public static partial void Claimed(ILogger logger, string entryId, string stream, long deliveries);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Error, Message = "Stream entry {EntryId} on {Stream} dead-lettered: {Reason}")]
    public static partial void Malformed(ILogger logger, string entryId, string stream, string reason);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Error, Message = "Message {MessageId} ({MessageType}) dead-lettered after {Deliveries} deliveries that were never acknowledged")]
    public static partial void TooManyDeliveries(ILogger logger, string messageId, string messageType, long deliveries);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Warning, Message = "Could not deliver scheduled messages; retrying")]
    public static partial void ScheduleFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4019, Level = LogLevel.Error, Message = "Scheduled message {MessageId} cannot be read and was moved to the dead-letter stream: {Reason}")]
    public static partial void ScheduledUnreadable(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "Sagas:Redis:Streams:ClaimIdleTime ({ClaimIdleSeconds} s) is less than three MaintenanceIntervals ({MaintenanceSeconds} s each): the leases on messages this worker holds may lapse before they are renewed, and other workers take those messages over and handle them again. Raise ClaimIdleTime or lower MaintenanceInterval")]
    public static partial void ClaimIdleTimeTooShort(ILogger logger, double claimIdleSeconds, double maintenanceSeconds);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "Sagas:RetryDelays has {Retries} entries, not fewer than Sagas:Redis:Streams:MaxDeliveries ({MaxDeliveries}): a failing message is dead-lettered as delivered too often before its retries are used up. Raise MaxDeliveries above the number of retries")]
    public static partial void RetriesExceedMaxDeliveries(ILogger logger, int retries, int maxDeliveries);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "Could not claim back message {EntryId} on {Stream} after its retry delay; it stays pending and another worker's maintenance takes it")]
    public static partial void ClaimBackFailed(ILogger logger, string entryId, string stream, Exception exception);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Information, Message = "Service {Group} stopping: handed back {Count} message(s) it had read but not started, for another worker to take at once")]
    public static partial void HandedBack(ILogger logger, string group, int count);

    [LoggerMessage(EventId = 4024, Level = LogLevel.Error, Message = "Stream entry {EntryId} on {Stream} could not be dead-lettered ({Reason}); it was acknowledged and recorded in the quarantine stream without its fields")]
    public static partial void Quarantined(ILogger logger, string entryId, string stream, string reason, Exception exception);

    [LoggerMessage(EventId = 4025, Level = LogLevel.Error, Message = "Stream entry {EntryId} on {Stream} could be neither dead-lettered nor quarantined ({Reason}); it stays pending and is tried again when taken over")]
    public static partial void SetAsideFailed(ILogger logger, string entryId, string stream, string reason, Exception exception);

    [LoggerMessage(EventId = 4027, Level = LogLevel.Warning, Message = "The Redis gauges could not be read ({Reason}); they keep their last reading, reported for up to 45 s, and are read again in 15 s")]
    public static partial void GaugesFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Dead letter {Id} ({MessageType} {MessageId}) replayed to {Stream} by {Operator}")]
    public static partial void DeadLetterReplayed(ILogger logger, string id, string messageType, string messageId, string stream, string @operator);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Information, Message = "Dead letter {Id} ({MessageType} {MessageId}) deleted by {Operator}")]
    public static partial void DeadLetterDeleted(ILogger logger, string id, string messageType, string messageId, string @operator);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Warning, Message = "Saga {Key} was deleted, but its entry in the read model of saga states could not be removed ({Reason}); it shows until the completed retention trims it, or until the read model is rebuilt")]
    public static partial void DeletedStateNotForgotten(ILogger logger, SagaKey key, string reason, Exception exception);

    [LoggerMessage(EventId = 4033, Level = LogLevel.Warning, Message = "The {Count} saga type(s) of service {Service} could not be declared in the catalog; other services' inspectors will not list them until it restarts")]
    public static partial void CatalogNotDeclared(ILogger logger, Exception exception, int count, string service);

    [LoggerMessage(EventId = 4034, Level = LogLevel.Warning, Message = "An entry of the saga catalog {Key} could not be read; that saga type is not listed")]
    public static partial void CatalogEntryUnreadable(ILogger logger, Exception exception, string key);
}
