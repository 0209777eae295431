using Sagas;

namespace Sagas.Tests;

// A payment with a timeout, a strongly-typed key, an ignored late reply and Complete().
public readonly record struct InvoiceId(Guid Value);

[Event] public sealed record InvoiceIssued(InvoiceId InvoiceId);
[Event] public sealed record InvoicePaid(InvoiceId InvoiceId);
[Event] public sealed record InvoiceOverdue(InvoiceId InvoiceId);
[Event] public sealed record InvoiceDisputed(InvoiceId InvoiceId);

public sealed class InvoiceData
{
    public InvoiceId InvoiceId { get; set; }

    public bool Paid { get; set; }
}

[Saga(Unexpected = UnexpectedMessagePolicy.DeadLetter)]
[Ignore(typeof(InvoiceOverdue), State.Settled, State.Disputed)]
[Ignore(typeof(InvoicePaid), State.Settled)]
public sealed partial class InvoiceSaga : Saga<InvoiceSaga.State, InvoiceData>
{
    public static readonly TimeSpan PaymentTerm = TimeSpan.FromDays(30);

    public enum State { AwaitingPayment, Disputed, [Final] Settled, [Final] Overdue }

    [StartedBy, Then(State.AwaitingPayment)]
    public void On(InvoiceIssued e, MessageContext context)
    {
        Data.InvoiceId = e.InvoiceId;
        context.Schedule(new InvoiceOverdue(e.InvoiceId), PaymentTerm);
    }

    [When(State.AwaitingPayment), Then(State.Settled)]
    public void On(InvoicePaid e, MessageContext context)
    {
        Data.Paid = true;
        context.CancelScheduled<InvoiceOverdue>();
    }

    [When(State.AwaitingPayment), Then(State.Overdue)]
    public void On(InvoiceOverdue e)
    {
    }

    // A dispute ends the process here: the dispute desk takes over.
    [When(State.AwaitingPayment), Then(State.Disputed)]
    public void On(InvoiceDisputed e, MessageContext context) => context.Complete();
}
