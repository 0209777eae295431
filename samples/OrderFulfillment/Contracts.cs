using Sagas;

namespace OrderFulfillment;

// Events: what happened. Commands: what a participant is asked to do.
[Event] public sealed record OrderPlaced(Guid OrderId, decimal Amount, string Sku);
[Event] public sealed record PaymentCaptured(Guid OrderId, string PaymentId);
[Event] public sealed record PaymentDeclined(Guid OrderId, string Reason);
[Event] public sealed record StockReserved(Guid OrderId);
[Event] public sealed record StockUnavailable(Guid OrderId, string Sku);
[Event] public sealed record OrderShipped(Guid OrderId, string TrackingNumber);
[Event] public sealed record PaymentRefunded(Guid OrderId, string PaymentId);
[Event] public sealed record StockReleased(Guid OrderId);
[Event] public sealed record PaymentTimedOut(Guid OrderId);
[Event] public sealed record ShipmentTimedOut(Guid OrderId);

[Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
[Command] public sealed record ReserveStock(Guid OrderId, string Sku);
[Command] public sealed record ShipOrder(Guid OrderId, string Sku);
[Command] public sealed record RefundPayment(Guid OrderId, string PaymentId);
[Command] public sealed record ReleaseStock(Guid OrderId, string Sku);
