using Microsoft.Extensions.Logging;

namespace Sagas.InMemory;

/// <summary>The in-memory transport's and scheduler's log lines, each with a stable event id (1101–1104).</summary>
internal static partial class InMemoryLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Scheduled message {MessageId} ({MessageType}) could not be published")]
    public static partial void ScheduledNotPublished(ILogger logger, Exception exception, string messageId, string messageType);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "{Count} message(s) were still queued in memory when the process stopped and are lost; run on Redis (UseRedis) to keep them across restarts")]
    public static partial void QueuedLost(ILogger logger, long count);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Dead letter {Id} ({MessageType} {MessageId}) replayed by {Operator}")]
    public static partial void DeadLetterReplayed(ILogger logger, string id, string messageType, string messageId, string @operator);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Dead letter {Id} ({MessageType} {MessageId}) deleted by {Operator}")]
    public static partial void DeadLetterDeleted(ILogger logger, string id, string messageType, string messageId, string @operator);
}
