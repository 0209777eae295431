using Microsoft.Extensions.Logging;

namespace Sagas;

internal static partial class AdminLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Saga {Saga} instance {CorrelationKey} deleted by {Operator}")]
    public static partial void InstanceDeleted(ILogger logger, string saga, string correlationKey, string @operator);
}
