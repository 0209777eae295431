using System.Text.Json;

namespace Sagas;

/// <summary>What a failed handling says about the message, and so what the worker does with it.</summary>
public enum FailureKind
{
    /// <summary>Something may pass (a handler's exception): retried later after a backoff, then dead-lettered.</summary>
    Transient,

    /// <summary>Retrying cannot help (a malformed or unknown message, a policy that dead-letters): dead-lettered at once.</summary>
    Permanent,

    /// <summary>
    /// Nothing is wrong with the message (the store or broker was unreachable, still loading, or
    /// other workers kept saving its saga first): given back for later, never counted toward dead-lettering.
    /// </summary>
    Infrastructure,
}

/// <summary>
/// Tells a transport's or store's own infrastructure errors apart, for <see cref="MessageFailures.Classify"/>;
/// registered by the package that knows them (<c>UseRedis</c> registers Redis's).
/// </summary>
public interface IFailureClassifier
{
    /// <summary>The kind of <paramref name="exception"/>, or <see langword="null"/> when this classifier does not know it.</summary>
    FailureKind? Classify(Exception exception);
}

/// <summary>The one place where a handling's exception is classified.</summary>
public static class MessageFailures
{
    /// <summary>
    /// The kind of <paramref name="exception"/>: what a registered <see cref="IFailureClassifier"/>
    /// says, else permanent for a message that cannot be read or routed, infrastructure for a lost
    /// concurrency race, and transient for everything else.
    /// </summary>
    public static FailureKind Classify(Exception exception, IEnumerable<IFailureClassifier> classifiers)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(classifiers);
        foreach (var classifier in classifiers)
        {
            if (classifier.Classify(exception) is { } kind)
            {
                return kind;
            }
        }

        return exception switch
        {
            UnknownMessageTypeException or MessageVersionException or JsonException or MissingCorrelationIdException or MalformedMessageException
                or SagaNotFoundException or SagaFinishedException or UnexpectedMessageException { Policy: UnexpectedMessagePolicy.DeadLetter } => FailureKind.Permanent,
            SagaConcurrencyException => FailureKind.Infrastructure,
            _ => FailureKind.Transient,
        };
    }
}
