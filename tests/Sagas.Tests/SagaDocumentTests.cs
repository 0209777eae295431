using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sagas.Tests;

/// <summary>The saved form of saga data: kept as objects in memory when a copy equals JSON, with the same JSON either way.</summary>
public sealed class SagaDocumentTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void A_copied_document_holds_the_data_as_it_was_and_writes_the_same_json()
    {
        var data = new InvoiceData { InvoiceId = new InvoiceId(Guid.NewGuid()), Paid = true };
        var compensation = new SagaCompensation();
        compensation.StepCompleted("InvoiceIssued");

        var document = SagaDocument.Create(data, compensation, Json, Copy);
        data.Paid = false; // a handler's later change
        compensation.StepCompleted("InvoicePaid");

        var read = SagaDocument.Read<InvoiceData>(document, new SagaCompensation(), Json);
        Assert.True(read.Paid);
        Assert.NotSame(data, read);
        Assert.NotSame(read, SagaDocument.Read<InvoiceData>(document, new SagaCompensation(), Json)); // each reader its own
        var expected = new SagaCompensation();
        expected.StepCompleted("InvoiceIssued");
        Assert.Equal(SagaDocument.Write(new InvoiceData { InvoiceId = data.InvoiceId, Paid = true }, expected, Json), document.Json);
    }

    [Fact]
    public void The_compensation_log_comes_back_from_a_copied_document()
    {
        var compensation = new SagaCompensation();
        compensation.StepCompleted("InvoiceIssued");
        compensation.Begin("Overdue", "Disputed");

        var document = SagaDocument.Create(new InvoiceData(), compensation, Json, Copy);
        var restored = new SagaCompensation();
        SagaDocument.Read<InvoiceData>(document, restored, Json);
        compensation.Running!.Attempt = 5;

        Assert.Equal(["InvoiceIssued"], restored.CompletedSteps);
        Assert.Equal("Overdue", restored.Running!.TargetState);
        Assert.Equal(0, restored.Running.Attempt);
    }

    [Fact]
    public void Settings_that_change_what_json_keeps_make_the_document_go_through_json()
    {
        var copies = 0;
        InvoiceData Counting(InvoiceData d)
        {
            copies++;
            return Copy(d);
        }

        JsonSerializerOptions[] changing =
        [
            new(Json) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault },
            new(Json) { Converters = { new JsonStringEnumConverter() } },
            new(Json) { IgnoreReadOnlyProperties = true },
        ];
        foreach (var options in changing)
        {
            var document = SagaDocument.Create(new InvoiceData { Paid = true }, new SagaCompensation(), options, Counting);
            Assert.True(SagaDocument.Read<InvoiceData>(document, new SagaCompensation(), options).Paid);
        }

        Assert.Equal(0, copies);
    }

    [Fact]
    public void A_document_read_back_from_json_reads_like_the_one_written()
    {
        var compensation = new SagaCompensation();
        compensation.StepCompleted("InvoiceIssued");
        var json = SagaDocument.Create(new InvoiceData { Paid = true }, compensation, Json, Copy).Json;

        var restored = new SagaCompensation();
        var read = SagaDocument.Read<InvoiceData>(SagaDocument.FromJson(json), restored, Json);

        Assert.True(read.Paid);
        Assert.Equal(["InvoiceIssued"], restored.CompletedSteps);
    }

    [Fact]
    public void Documents_with_the_same_json_are_equal_so_snapshots_compare_by_value()
    {
        var copied = SagaDocument.Create(new InvoiceData { Paid = true }, new SagaCompensation(), Json, Copy);

        Assert.Equal(SagaDocument.FromJson(copied.Json), copied);
        Assert.Equal(new SagaSnapshot("Settled", copied.Json, 2, false), new SagaSnapshot("Settled", copied, 2, false));
        Assert.NotEqual(SagaDocument.FromJson("{}"), copied);
    }

    private static InvoiceData Copy(InvoiceData data) => new() { InvoiceId = data.InvoiceId, Paid = data.Paid };
}
