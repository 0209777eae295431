using Sagas;

namespace Sagas.Tests;

// A small order process that the real generator compiles for these tests.
[Event] public sealed record OrderPlaced(Guid OrderId, decimal Amount);
[Event] public sealed record PaymentCaptured(Guid OrderId, string PaymentId);
[Event] public sealed record StockReserved(Guid OrderId);
[Event] public sealed record StockUnavailable(Guid OrderId);
[Event] public sealed record PaymentRefunded(Guid OrderId);
[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
[Command] public sealed record RefundPayment(Guid OrderId, string PaymentId);

public sealed class OrderData
{
    [CorrelationId] public Guid OrderId { get; set; }

    public decimal Amount { get; set; }

    public string? PaymentId { get; set; }
}

[Saga]
public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>
{
    public enum State { AwaitingPayment, AwaitingStock, [Final] Completed, [Final] Compensated }

    [StartedBy, Then(State.AwaitingPayment)]
    public void On(OrderPlaced e, MessageContext context)
    {
        Data.OrderId = e.OrderId;
        Data.Amount = e.Amount;
        context.Send(new CapturePayment(e.OrderId, e.Amount));
    }

    [When(State.AwaitingPayment), Then(State.AwaitingStock), CompensatedBy(nameof(Refund))]
    public async ValueTask On(PaymentCaptured e, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Data.PaymentId = e.PaymentId;
    }

    [When(State.AwaitingStock), Then(State.Completed)]
    public void On(StockReserved e)
    {
    }

    [When(State.AwaitingStock), Then(State.Compensated), Compensate]
    public void On(StockUnavailable e)
    {
    }

    private void Refund(MessageContext context) => context.Send(new RefundPayment(Data.OrderId, Data.PaymentId!));
}

/// <summary>A participant: records the commands it receives and replies to payment refunds.</summary>
public sealed class PaymentParticipant(Recorded recorded) : IMessageHandler<CapturePayment>, IMessageHandler<RefundPayment>
{
    public ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken)
    {
        recorded.Add(message);
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(RefundPayment message, MessageContext context, CancellationToken cancellationToken)
    {
        recorded.Add(message);
        context.Publish(new PaymentRefunded(message.OrderId));
        return ValueTask.CompletedTask;
    }
}

/// <summary>What the participants and observers saw, in order.</summary>
public sealed class Recorded : ISagaObserver
{
    private readonly List<object> _items = [];

    public IReadOnlyList<object> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public void Add(object item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void OnTransition(SagaTransition transition) => Add(transition);
}
