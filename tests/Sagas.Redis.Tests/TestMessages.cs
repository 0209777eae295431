#if CLIENT3
using Sagas.Generated.Sagas.Redis.Client3.Tests; // compiled again by the StackExchange.Redis 3.x test project
#else
using Sagas.Generated.Sagas.Redis.Tests;
#endif

namespace Sagas.Redis.Tests;

/// <summary>A message the store tests put in an outbox.</summary>
[Event("test.order-placed")]
public sealed record OrderPlaced(Guid OrderId, decimal Amount);

/// <summary>A second message, so tests can tell two outbox entries apart.</summary>
[Event("test.payment-captured")]
public sealed record PaymentCaptured(Guid OrderId, string PaymentId);

/// <summary>The generated registry of this test project, and envelopes for its messages.</summary>
internal static class TestMessages
{
    public static IMessageRegistry Registry => MessageRegistry.Instance;

    /// <summary>Wraps a test message in an envelope with its wire name.</summary>
    public static Envelope Wrap(object message, string? correlationId = null, string? causationId = null) =>
        Envelope.Create(message, Registry.GetWireName(message), correlationId, causationId);
}
