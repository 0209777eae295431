namespace Sagas.Redis.Tests;

public sealed class PaymentData
{
    [CorrelationId] public Guid OrderId { get; set; }

    public string? PaymentId { get; set; }
}

/// <summary>A two-step saga that the generator compiles, to run the engine against the Redis store.</summary>
[Saga]
public sealed partial class PaymentSaga : Saga<PaymentSaga.State, PaymentData>
{
    public enum State { AwaitingPayment, [Final] Paid }

    [StartedBy, Then(State.AwaitingPayment)]
    public void On(OrderPlaced e) => Data.OrderId = e.OrderId;

    [When(State.AwaitingPayment), Then(State.Paid)]
    public void On(PaymentCaptured e) => Data.PaymentId = e.PaymentId;
}
