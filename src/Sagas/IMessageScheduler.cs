namespace Sagas;

/// <summary>Holds scheduled messages (timeouts) until they are due, then hands them to the transport.</summary>
public interface IMessageScheduler
{
    /// <summary>Delivers <paramref name="envelope"/> at its <see cref="Envelope.DeliverAt"/>.</summary>
    ValueTask ScheduleAsync(Envelope envelope, CancellationToken cancellationToken);

    /// <summary>Drops the not yet delivered messages of <paramref name="messageType"/> that saga instance <paramref name="correlationId"/> scheduled.</summary>
    ValueTask CancelAsync(string correlationId, string messageType, CancellationToken cancellationToken);
}
