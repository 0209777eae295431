using Sagas;

namespace Sagas.TracePeer;

// The test process's messages, declared again here by their wire names, as a separate service
// would declare the contracts it shares (tests/Sagas.Redis.Tests/ChargeSaga.cs).

/// <summary>Asks the charging service to charge an order.</summary>
[Command("trace.charge-order")]
public sealed record ChargeOrder(Guid OrderId, decimal Amount);

/// <summary>The charging service's reply: the order is charged.</summary>
[Event("trace.order-charged")]
public sealed record OrderCharged(Guid OrderId, string ChargeId);
