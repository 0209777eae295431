namespace Sagas.Generators.Tests.Contracts;

/// <summary>A project's contracts and the baseline the build writes of them, kept side by side.</summary>
internal static class ContractSources
{
    public const string Code = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using Sagas;

        namespace Shop;

        [Event("orders.placed")]
        public sealed record OrderPlaced(Guid OrderId, decimal Total, Address ShipTo, IReadOnlyList<Line> Lines, Priority Priority = Priority.Normal);

        public enum Priority { Normal, Rush }

        public sealed record Address(string Street, string City);
        public sealed record Line(string Sku, int Quantity);

        [Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
        [Event] public sealed record PaymentCaptured(Guid OrderId, [property: JsonPropertyName("payment")] string PaymentId, [property: JsonIgnore] string? Note = null);

        public sealed class OrderData
        {
            public Guid OrderId { get; set; }
            public decimal Total { get; set; }
        }

        [Saga]
        public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>
        {
            public enum State { AwaitingPayment, [Final] Completed }

            [StartedBy, Then(State.AwaitingPayment)]
            public void On(OrderPlaced e, MessageContext context)
            {
                Data.OrderId = e.OrderId;
                context.Send(new CapturePayment(e.OrderId, Amount: 10m));
            }

            [When(State.AwaitingPayment), Then(State.Completed)]
            public void On(PaymentCaptured e) { }
        }
        """;

    // Messages by wire name (ordinal: upper case first), then sagas; members by name, each followed by its own.
    public const string Baseline = """
        // The message contracts and saga data that messages in flight and live instances depend on.
        // Written by the build (<SagasContractBaseline>true</SagasContractBaseline>), which reports a change
        // that breaks them (SAGA038) and adds what is new. Commit it. README: Versioning, contract baseline.

        command CapturePayment v1 Shop.CapturePayment
          Amount: decimal
          OrderId: System.Guid

        event PaymentCaptured v1 Shop.PaymentCaptured
          OrderId: System.Guid
          payment: string

        event orders.placed v1 Shop.OrderPlaced
          Lines: System.Collections.Generic.IReadOnlyList<Shop.Line>
          Lines[].Quantity: int
          Lines[].Sku: string
          OrderId: System.Guid
          Priority: Shop.Priority
          Priority.Normal: value 0
          Priority.Rush: value 1
          ShipTo: Shop.Address
          ShipTo.City: string
          ShipTo.Street: string
          Total: decimal

        saga Shop.OrderSaga
          data Shop.OrderData
          key OrderId: System.Guid
          states AwaitingPayment Completed
          OrderId: System.Guid
          Total: decimal

        """;

    /// <summary><see cref="Code"/> with <paramref name="from"/> replaced, which must be there.</summary>
    public static string Changed(string from, string to) => Change(Code, from, to);

    /// <summary><see cref="Baseline"/> with <paramref name="from"/> replaced, which must be there.</summary>
    public static string BaselineChanged(string from, string to) => Change(Baseline, from, to);

    private static string Change(string text, string from, string to)
    {
        Assert.Contains(from, text, StringComparison.Ordinal);
        return text.Replace(from, to, StringComparison.Ordinal);
    }
}
