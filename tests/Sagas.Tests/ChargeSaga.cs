using Sagas;

namespace Sagas.Tests;

// A charge that times out, and a capture that comes after the timeout: refunded by a handler of
// the final state, the saga staying finished.
[Event] public sealed record ChargeRequested(string ChargeId);
[Event] public sealed record ChargeCaptured(string ChargeId, string PaymentId);
[Event] public sealed record ChargeTimedOut(string ChargeId);
[Command] public sealed record RefundCharge(string ChargeId, string PaymentId);

public sealed class ChargeData
{
    [CorrelationId] public string ChargeId { get; set; } = "";

    public string? PaymentId { get; set; }
}

[Saga]
[Ignore(typeof(ChargeTimedOut), State.Captured)] // lost the race with the capture
public sealed partial class ChargeSaga : Saga<ChargeSaga.State, ChargeData>
{
    public static readonly TimeSpan CaptureTimeout = TimeSpan.FromSeconds(30);

    public enum State { AwaitingCapture, [Final] Captured, [Final] Abandoned }

    [StartedBy, Then(State.AwaitingCapture)]
    public void On(ChargeRequested e, MessageContext context)
    {
        Data.ChargeId = e.ChargeId;
        context.Schedule(new ChargeTimedOut(e.ChargeId), CaptureTimeout);
    }

    [When(State.AwaitingCapture), Then(State.Captured)]
    public void On(ChargeCaptured e, MessageContext context)
    {
        Data.PaymentId = e.PaymentId;
        context.CancelScheduled<ChargeTimedOut>();
    }

    [When(State.AwaitingCapture), Then(State.Abandoned)]
    public void On(ChargeTimedOut e)
    {
    }

    // The capture came after the timeout abandoned the charge: the money is taken, so give it back.
    [When(State.Abandoned), Then(State.Abandoned)]
    public void Late(ChargeCaptured e, MessageContext context)
    {
        Data.PaymentId = e.PaymentId;
        context.Send(new RefundCharge(e.ChargeId, e.PaymentId));
    }
}

/// <summary>Records the refunds the charge saga sends; replies nothing.</summary>
[Participant]
public sealed class ChargeRefunds(Recorded recorded) : IMessageHandler<RefundCharge>
{
    public ValueTask HandleAsync(RefundCharge message, MessageContext context, CancellationToken cancellationToken)
    {
        recorded.Add(message);
        return ValueTask.CompletedTask;
    }
}
