using Sagas;

namespace Choreography;

// No coordinator: each service reacts to the events of the others and publishes its own. The events
// carry what the next service needs, since no one keeps the order's state for them.
[Event] public sealed record OrderPlaced(Guid OrderId, decimal Amount, string Sku, string Destination);
[Event] public sealed record PaymentCharged(Guid OrderId, string PaymentId, string Sku, string Destination);
[Event] public sealed record PaymentRejected(Guid OrderId, string Reason);
[Event] public sealed record StockReserved(Guid OrderId, string Sku, string Destination);
[Event] public sealed record StockUnavailable(Guid OrderId, string Sku);
[Event] public sealed record OrderShipped(Guid OrderId, string TrackingNumber);
[Event] public sealed record ShipmentFailed(Guid OrderId, string Sku, string Reason);

// The undoing, each service its own: on a later failure, the payment is refunded and the stock released.
[Event] public sealed record PaymentRefunded(Guid OrderId, string PaymentId);
[Event] public sealed record StockReleased(Guid OrderId, string Sku);
