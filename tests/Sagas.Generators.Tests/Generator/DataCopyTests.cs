namespace Sagas.Generators.Tests.Generator;

/// <summary>
/// The generated member-by-member copy of saga data, which spares the in-memory store a JSON round
/// trip per step: emitted only when it reads back exactly what JSON would.
/// </summary>
public sealed class DataCopyTests
{
    [Theory]
    [InlineData("public decimal Amount { get; set; }", "Amount = data.Amount")]
    [InlineData("public string? Note { get; init; }", "Note = data.Note")]
    [InlineData("public Stage? Stage { get; set; }", "Stage = data.Stage")]
    [InlineData("public DateTimeOffset At { get; set; } public TimeSpan Took { get; set; }", "At = data.At, Took = data.Took")]
    [InlineData("public TicketId Ticket { get; set; }", "Ticket = data.Ticket")]
    [InlineData("public int @class { get; set; }", "@class = data.@class")]
    [InlineData("public int Computed => 3; private int Hidden { get; set; } public int Read { get; private set; }", "OrderId = data.OrderId }")]
    public void Data_of_immutable_members_is_copied_member_by_member(string members, string expected)
    {
        var generated = Generate(members);

        Assert.Contains("s_copyData = static data => new global::Shop.Orders.OrderData { OrderId = data.OrderId", generated, StringComparison.Ordinal);
        Assert.Contains(expected, generated, StringComparison.Ordinal);
        Assert.Contains("global::Sagas.SagaDocument.Create(saga.Data, saga.Compensation, json, s_copyData)", generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public List<string> Items { get; set; } = [];")] // shared, a later change would reach the copy
    [InlineData("public string[] Tags { get; set; } = [];")]
    [InlineData("public Address? Shipping { get; set; }")] // a class, mutable
    [InlineData("public string Note = \"\";")] // saved or not by a runtime option (IncludeFields)
    [InlineData("[JsonIgnore] public string? Cache { get; set; }")] // JSON drops it; a copy would keep it
    [InlineData("[JsonPropertyName(\"amt\")] public decimal Amount { get; set; }")]
    [InlineData("public object? Extra { get; set; }")]
    public void Data_with_a_member_json_treats_otherwise_goes_through_json(string members)
    {
        var generated = Generate(members);

        Assert.DoesNotContain("s_copyData", generated, StringComparison.Ordinal);
        Assert.Contains("global::Sagas.SagaDocument.Create(saga.Data, saga.Compensation, json)", generated, StringComparison.Ordinal);
    }

    private static string Generate(string members)
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Text.Json.Serialization;
            using Sagas;

            namespace Shop.Orders;

            [Event] public sealed record OrderPlaced(Guid OrderId);
            [Event] public sealed record OrderShipped(Guid OrderId);
            public enum Stage { New, Old }
            public readonly record struct TicketId(Guid Value);
            public sealed class Address { public string Street { get; set; } = ""; }

            public sealed class OrderData
            {
                [CorrelationId] public Guid OrderId { get; set; }
                {{members}}
            }

            [Saga]
            public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>
            {
                public enum State { Open, [Final] Shipped }

                [StartedBy, Then(State.Open)]
                public void On(OrderPlaced e) => Data.OrderId = e.OrderId;

                [When(State.Open), Then(State.Shipped)]
                public void On(OrderShipped e) { }
            }
            """;
        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(source));
        return GeneratorHarness.GeneratedSources(driver)["Shop.Orders.OrderSaga.g.cs"];
    }
}
