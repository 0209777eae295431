using Microsoft.Extensions.Logging;

namespace Sagas.Hosting;

/// <summary>The hosted worker's log lines, each with a stable event id (2001–2005).</summary>
internal static partial class SagaWorkerLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Message {MessageId} ({MessageType}) was cut off by the shutdown timeout; handed back to be taken by another worker")]
    public static partial void HandedBack(ILogger logger, string messageId, string messageType);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Message {MessageId} ({MessageType}) could not be handled for want of infrastructure ({Reason}); it comes again in {Delay}, not counted as an attempt")]
    public static partial void InfrastructureRetry(ILogger logger, Exception exception, string messageId, string messageType, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Message {MessageId} ({MessageType}) failed (attempt {Attempt}); it comes again in {Delay}")]
    public static partial void Retry(ILogger logger, Exception exception, string messageId, string messageType, long attempt, TimeSpan delay);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Message {MessageId} ({MessageType}) dead-lettered after {Attempts} attempt(s), {Kind}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, Exception exception, string messageId, string messageType, long attempts, string kind, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Message {MessageId} ({MessageType}) could not be settled with the transport; it will be delivered again")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string messageId, string messageType);
}
