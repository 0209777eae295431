using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Redis's infrastructure errors, for the worker's one classification of failures: Redis
/// unreachable or timing out, or answering that it is loading its data, busy with a script,
/// read-only or without a master while it fails over. Nothing is wrong with the message then: it
/// comes again, and never counts toward dead-lettering.
/// </summary>
internal sealed class RedisFailureClassifier : IFailureClassifier
{
    private static readonly string[] PassingStates = ["LOADING", "BUSY", "READONLY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS", "UNBLOCKED"];

    public FailureKind? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException or RedisTimeoutException or RedisUnavailableException
                || (e is RedisServerException server && PassingStates.Any(state => server.Message.StartsWith(state, StringComparison.Ordinal))))
            {
                return FailureKind.Infrastructure;
            }
        }

        return null;
    }
}
