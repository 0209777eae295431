using MassTransit;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// Whether the MassTransit state machine schedules its timeouts. On, it does the sample's work; off,
/// it shows what MassTransit costs without them, because its in-memory scheduler cannot cancel a
/// timeout: each one stays queued, in memory, until it is due.
/// </summary>
public sealed record MassTransitTimeouts(bool Enabled);

/// <summary>The state machine's schedule and unschedule activities, added only when its timeouts are on.</summary>
internal static class MassTransitTimeoutActivities
{
    public static EventActivityBinder<OrderState, TData> ScheduleIf<TData, TMessage>(
        this EventActivityBinder<OrderState, TData> binder, bool enabled, Schedule<OrderState, TMessage> schedule, EventMessageFactory<OrderState, TData, TMessage> message)
        where TData : class
        where TMessage : class =>
        enabled ? binder.Schedule(schedule, message) : binder;

    public static EventActivityBinder<OrderState, TData> UnscheduleIf<TData>(this EventActivityBinder<OrderState, TData> binder, bool enabled, Schedule<OrderState> schedule)
        where TData : class =>
        enabled ? binder.Unschedule(schedule) : binder;
}
