using System.Text.Json.Serialization;

namespace OrderFulfillment;

/// <summary>
/// The sample's messages and saga data as System.Text.Json metadata generated at compile time:
/// what lets the sample run on Redis as a Native AOT executable, where reflection-based
/// serialization is off (Program.cs puts it first in Sagas's JSON settings).
/// </summary>
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(PaymentCaptured))]
[JsonSerializable(typeof(PaymentDeclined))]
[JsonSerializable(typeof(StockReserved))]
[JsonSerializable(typeof(StockUnavailable))]
[JsonSerializable(typeof(OrderShipped))]
[JsonSerializable(typeof(PaymentRefunded))]
[JsonSerializable(typeof(StockReleased))]
[JsonSerializable(typeof(PaymentTimedOut))]
[JsonSerializable(typeof(ShipmentTimedOut))]
[JsonSerializable(typeof(CapturePayment))]
[JsonSerializable(typeof(ReserveStock))]
[JsonSerializable(typeof(ShipOrder))]
[JsonSerializable(typeof(RefundPayment))]
[JsonSerializable(typeof(ReleaseStock))]
[JsonSerializable(typeof(OrderData))]
internal sealed partial class OrderJson : JsonSerializerContext;
