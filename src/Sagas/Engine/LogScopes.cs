using System.Collections;

namespace Sagas;

/// <summary>
/// The logging scopes of a handling, so that every line of one message, and of one saga, can be
/// found by its fields: the worker opens <see cref="Message"/> around a message, the engine
/// <see cref="Saga"/> around each saga's step. Structs: no allocation unless a logger keeps scopes.
/// </summary>
public static class LogScopes
{
    /// <summary>The message being handled: <c>MessageId</c>, <c>MessageType</c>, <c>CorrelationId</c>.</summary>
    public readonly struct Message(Envelope envelope) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        /// <inheritdoc/>
        public int Count => 3;

        /// <inheritdoc/>
        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("MessageId", envelope.MessageId),
            1 => new("MessageType", envelope.MessageType),
            2 => new("CorrelationId", envelope.CorrelationId),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        /// <inheritdoc/>
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <inheritdoc/>
        public override string ToString() => $"MessageId:{envelope.MessageId} MessageType:{envelope.MessageType} CorrelationId:{envelope.CorrelationId}";
    }

    /// <summary>The saga instance taking a step: <c>Saga</c>, <c>SagaKey</c>.</summary>
    public readonly struct Saga(SagaKey key) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        /// <inheritdoc/>
        public int Count => 2;

        /// <inheritdoc/>
        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("Saga", key.SagaName),
            1 => new("SagaKey", key.CorrelationKey),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        /// <inheritdoc/>
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <inheritdoc/>
        public override string ToString() => $"Saga:{key.SagaName} SagaKey:{key.CorrelationKey}";
    }
}
