using System.Diagnostics;

namespace Sagas.Tests;

/// <summary>W3C trace context travels with the messages: what a handler sends continues the trace of what it handled.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Messages_sent_while_handling_carry_the_trace_of_the_message_handled()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SagaEngine.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        await using var harness = new EngineHarness();
        var traceId = ActivityTraceId.CreateRandom();
        var incoming = Envelope.Create(new OrderPlaced(Guid.NewGuid(), 5m), "OrderPlaced") with
        {
            TraceParent = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01",
        };

        await harness.Engine.HandleAsync(incoming, CancellationToken.None);

        Assert.True(harness.Transport.TryReceive(out var sent)); // the CapturePayment command
        Assert.NotNull(sent.Envelope.TraceParent);
        Assert.Equal(traceId, ActivityContext.Parse(sent.Envelope.TraceParent, null).TraceId);
        Assert.NotEqual(incoming.TraceParent, sent.Envelope.TraceParent); // a child span, not the sender's
    }
}
