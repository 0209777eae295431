namespace Sagas;

/// <summary>
/// The scheduled messages (timeouts) a scheduler holds for one saga instance, not yet delivered.
/// The in-memory and Redis schedulers implement it; the admin API shows them with the instance.
/// </summary>
public interface IScheduledMessages
{
    /// <summary>The messages instance <paramref name="correlationId"/> of <paramref name="scheduledBy"/> scheduled and that are still to come, soonest first.</summary>
    /// <param name="scheduledBy">The saga's name, as given to <see cref="IMessageScheduler.ScheduleAsync"/>.</param>
    /// <param name="correlationId">The instance's correlation key.</param>
    /// <param name="cancellationToken">Stops waiting for the scheduler's store.</param>
    /// <returns>Each message with its <see cref="Envelope.DeliverAt"/>.</returns>
    ValueTask<IReadOnlyList<Envelope>> ListScheduledAsync(string scheduledBy, string correlationId, CancellationToken cancellationToken);
}
