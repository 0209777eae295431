using Sagas;

namespace Sagas.TracePeer;

/// <summary>The charging service: charges every order it is asked to, and says so.</summary>
[Participant]
public sealed class ChargingService : IMessageHandler<ChargeOrder>
{
    public ValueTask HandleAsync(ChargeOrder message, MessageContext context, CancellationToken cancellationToken)
    {
        context.Publish(new OrderCharged(message.OrderId, "charge-" + message.OrderId.ToString("N")[..8]));
        return ValueTask.CompletedTask;
    }
}
