namespace Sagas;

/// <summary>Holds scheduled messages (timeouts) until they are due, then hands them to the transport.</summary>
/// <remarks>
/// A scheduled message belongs to the saga that scheduled it: the saga's name together with the
/// envelope's correlation id scope a cancellation, so two sagas that share a correlation key (an
/// order id, say) never cancel each other's timeouts.
/// </remarks>
public interface IMessageScheduler
{
    /// <summary>Delivers <paramref name="envelope"/> at its <see cref="Envelope.DeliverAt"/>.</summary>
    /// <param name="envelope">The message, with <see cref="Envelope.DeliverAt"/> and the sender's <see cref="Envelope.CorrelationId"/>.</param>
    /// <param name="scheduledBy">The name of the saga (or handler) that scheduled it; cancellations are scoped by it.</param>
    /// <param name="cancellationToken">Cancels the scheduling, not the delivery.</param>
    ValueTask ScheduleAsync(Envelope envelope, string scheduledBy, CancellationToken cancellationToken);

    /// <summary>
    /// Drops the not yet delivered messages of <paramref name="messageType"/> that instance
    /// <paramref name="correlationId"/> of saga <paramref name="scheduledBy"/> scheduled.
    /// </summary>
    /// <param name="scheduledBy">The saga's name, as given to <see cref="ScheduleAsync"/>.</param>
    /// <param name="correlationId">The saga instance's correlation key.</param>
    /// <param name="messageType">The wire name of the scheduled message type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask CancelAsync(string scheduledBy, string correlationId, string messageType, CancellationToken cancellationToken);
}
