namespace Sagas.Redis.Tests;

// The messages this project shares with the charging service of tests/Sagas.TracePeer, a process of
// its own that declares them again by the same wire names.
[Event("trace.order-placed")] public sealed record TracedOrderPlaced(Guid OrderId, decimal Amount);
[Command("trace.charge-order")] public sealed record ChargeOrder(Guid OrderId, decimal Amount);
[Event("trace.order-charged")] public sealed record OrderCharged(Guid OrderId, string ChargeId);

public sealed class ChargeData
{
    [CorrelationId] public Guid OrderId { get; set; }

    public string? ChargeId { get; set; }
}

/// <summary>
/// Asks the charging service of another process (tests/Sagas.TracePeer) to charge an order and
/// ends on its reply: one flow across two processes, for <see cref="OpenTelemetryTwoProcessTests"/>.
/// </summary>
[Saga]
public sealed partial class ChargeSaga : Saga<ChargeSaga.State, ChargeData>
{
    public enum State { Charging, [Final] Charged }

    [StartedBy, Then(State.Charging)]
    public void On(TracedOrderPlaced e, MessageContext context)
    {
        Data.OrderId = e.OrderId;
        context.Send(new ChargeOrder(e.OrderId, e.Amount));
    }

    [When(State.Charging), Then(State.Charged)]
    public void On(OrderCharged e) => Data.ChargeId = e.ChargeId;
}
