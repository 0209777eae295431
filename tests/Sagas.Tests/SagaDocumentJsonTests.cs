using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Sagas.Tests;

/// <summary>
/// The saga document's JSON, written and read by hand around the data: the shape documents already
/// stored in Redis have, read in either casing, and a clear error for anything else.
/// </summary>
public sealed class SagaDocumentJsonTests
{
    private static readonly JsonSerializerOptions Json = SagaJson.CreateOptions();

    [Fact]
    public void A_document_has_the_shape_stored_documents_have()
    {
        var compensation = new SagaCompensation();
        compensation.StepCompleted("TicketBooked");
        compensation.Begin("Cancelled", "Stuck");

        var json = SagaDocument.Write(new TinyData { Name = "Ada", Count = 2 }, compensation, Json);

        Assert.Equal(
            """{"data":{"name":"Ada","count":2},"steps":["TicketBooked"],"undone":[],"compensating":{"targetState":"Cancelled","failedState":"Stuck","step":null,"attempt":0}}""",
            json);
        Assert.Equal(
            """{"data":{"name":"Ada","count":2},"steps":[],"undone":[],"compensating":null}""",
            SagaDocument.Write(new TinyData { Name = "Ada", Count = 2 }, new SagaCompensation(), Json));
    }

    [Fact]
    public void A_document_written_with_pascal_case_names_reads_back_and_unknown_members_are_skipped()
    {
        var compensation = new SagaCompensation();
        var data = SagaDocument.Read<TinyData>(
            """{"Data":{"name":"Ada","count":2},"Steps":["A","B"],"Undone":["B"],"Extra":{"x":[1,2]},"Compensating":{"TargetState":"Cancelled","FailedState":null,"Step":"A","Attempt":3}}""",
            compensation,
            Json);

        Assert.Equal(("Ada", 2), (data.Name, data.Count));
        Assert.Equal(["A", "B"], compensation.CompletedSteps);
        Assert.Equal(["B"], compensation.UndoneSteps);
        Assert.Equal(("Cancelled", (string?)null, (string?)"A", 3), (compensation.Running!.TargetState, compensation.Running.FailedState, compensation.Running.Step, compensation.Running.Attempt));
    }

    [Fact]
    public void Written_and_read_back_the_data_and_log_are_what_they_were()
    {
        var compensation = new SagaCompensation();
        compensation.StepCompleted("TicketBooked");
        compensation.StepCompleted("SeatHeld");
        compensation.Begin("Cancelled", null);

        var read = new SagaCompensation();
        var data = SagaDocument.Read<TinyData>(SagaDocument.Write(new TinyData { Name = "Ada \u00e9\"", Count = -1 }, compensation, Json), read, Json);

        Assert.Equal(("Ada \u00e9\"", -1), (data.Name, data.Count));
        Assert.Equal(compensation.CompletedSteps, read.CompletedSteps);
        Assert.Equal(compensation.Running!.Step, read.Running!.Step);
        Assert.Equal(compensation.Running.TargetState, read.Running.TargetState);
    }

    [Theory]
    [InlineData("null", "is 'null'")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"steps":[1]}""", "not valid")]
    [InlineData("""{"steps":{}}""", "not a JSON array")]
    [InlineData("""{"data":{"count":"many"}}""", "")]
    [InlineData("""{"data":""", "")]
    public void A_document_of_another_shape_is_a_JsonException(string json, string reason)
    {
        var e = Assert.ThrowsAny<JsonException>(() => SagaDocument.Read<TinyData>(json, new SagaCompensation(), Json));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_options_resolve_the_engines_messages_from_generated_code_and_an_inserted_context_comes_first()
    {
        var options = SagaJson.CreateOptions();
        options.TypeInfoResolverChain.Insert(0, TinyJson.Default);

        Assert.IsAssignableFrom<JsonSerializerContext>(SagaJson.TypeInfo<CompensationTimedOut>(options).OriginatingResolver);
        Assert.Same(TinyJson.Default, SagaJson.TypeInfo<TinyData>(options).OriginatingResolver);
        Assert.IsType<DefaultJsonTypeInfoResolver>(SagaJson.TypeInfo<Dictionary<string, int>>(options).OriginatingResolver);
    }

    [Fact]
    public void Options_given_without_a_resolver_get_the_defaults_resolvers()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

        var body = SagaJson.SerializeToUtf8Bytes(new CompensationTimedOut("OrderSaga", "k1", "RefundPayment", 2), options);

        Assert.Equal("""{"saga":"OrderSaga","correlation_key":"k1","step":"RefundPayment","attempt":2}""", System.Text.Encoding.UTF8.GetString(body));
        Assert.Equal(new CompensationTimedOut("OrderSaga", "k1", "RefundPayment", 2), SagaJson.Deserialize<CompensationTimedOut>(body, options));
    }

    [Fact]
    public void A_copy_is_kept_in_memory_with_generated_contexts_but_not_with_a_resolver_that_changes_contracts()
    {
        var withContext = SagaJson.CreateOptions();
        withContext.TypeInfoResolverChain.Insert(0, TinyJson.Default);
        var modified = SagaJson.CreateOptions();
        modified.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver { Modifiers = { _ => { } } });

        Assert.True(SagaJson.ResolvesPlainly(withContext));
        Assert.False(SagaJson.ResolvesPlainly(modified));
    }

    public sealed class TinyData
    {
        public string Name { get; set; } = "";

        public int Count { get; set; }
    }
}

[JsonSerializable(typeof(SagaDocumentJsonTests.TinyData))]
internal sealed partial class TinyJson : JsonSerializerContext;
