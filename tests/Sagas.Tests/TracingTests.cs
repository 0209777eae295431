using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Tests;

/// <summary>
/// Traces as OpenTelemetry would record them (an <see cref="ActivityListener"/> on the Sagas
/// source): a producer span per message made, a consumer span per delivery, a span per saga's
/// handling, a span per compensation, all one tree across the messages of a flow.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityTraceId _trace;
    private readonly Activity _root;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SagaTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);

        // The test's own root, so that only this test's spans are read (other tests run beside it).
        _root = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        _root.TraceStateString = "vendor=tests";
        _trace = _root.TraceId;
    }

    [Fact]
    public async Task A_message_published_handled_and_answered_is_one_tree_of_producer_and_handling_spans()
    {
        await using var harness = new EngineHarness();
        var orderId = Guid.NewGuid();
        await harness.Bus.PublishAsync(new OrderPlaced(orderId, 5m));
        _root.Stop(); // handled outside the publisher's activity, as a worker would
        await harness.DrainAsync();

        var spans = Spans();
        var published = Assert.Single(spans, s => s.DisplayName == "publish OrderPlaced");
        Assert.Equal(ActivityKind.Producer, published.Kind);
        Assert.Equal(_root.SpanId, published.ParentSpanId);
        Assert.Equal("in_memory", published.GetTagItem(SagaTracing.MessagingSystem));
        Assert.Equal("OrderPlaced", published.GetTagItem(SagaTracing.Destination));
        Assert.Equal("send", published.GetTagItem(SagaTracing.OperationType)); // sent at once

        var saga = OrderSaga.SagaDefinition.Instance.Name;
        var handled = Assert.Single(spans, s => s.DisplayName == $"{saga} OrderPlaced");
        Assert.Equal(published.SpanId, handled.ParentSpanId);
        Assert.Equal(published.GetTagItem(SagaTracing.MessageId), handled.GetTagItem(SagaTracing.MessageId));
        Assert.Equal(orderId.ToString("D"), handled.GetTagItem(SagaTracing.SagaKey));
        Assert.Null(handled.GetTagItem(SagaTracing.FromState));
        Assert.Equal("AwaitingPayment", handled.GetTagItem(SagaTracing.ToState));
        Assert.Equal("handled", handled.GetTagItem(SagaTracing.Outcome));

        // The command the saga sent: a producer span under the handling, the participant's handling under it.
        var sent = Assert.Single(spans, s => s.DisplayName == "send CapturePayment");
        Assert.Equal(ActivityKind.Producer, sent.Kind);
        Assert.Equal(handled.SpanId, sent.ParentSpanId);
        Assert.Equal("send", sent.GetTagItem(SagaTracing.OperationName));
        Assert.Equal("create", sent.GetTagItem(SagaTracing.OperationType)); // sent when the step is saved
        Assert.Equal("vendor=tests", sent.TraceStateString); // the trace state travels with the messages
        Assert.Equal(orderId.ToString("D"), sent.GetTagItem(SagaTracing.ConversationId));
        var paid = Assert.Single(spans, s => s.DisplayName.EndsWith(" CapturePayment", StringComparison.Ordinal) && s.Kind == ActivityKind.Internal);
        Assert.Equal(sent.SpanId, paid.ParentSpanId);
        Assert.Equal("handled", paid.GetTagItem(SagaTracing.Outcome));
        AssertOneTree(spans);
    }

    [Fact]
    public async Task A_compensation_is_a_span_under_the_step_that_failed_with_its_command_under_it()
    {
        var time = new ManualTime();
        await using var harness = new EngineHarness(build: b =>
        {
            b.Services.AddSingleton<TimeProvider>(time);
            b.AddMoveRecorder();
        });
        const string move = "traced-move";
        foreach (var message in new object[] { new MoveRequested(move), new DepositTaken(move), new TruckBooked(move), new MoversBooked(move), new ElevatorUnavailable(move) })
        {
            await harness.Bus.PublishAsync(message);
        }

        _root.Stop();
        await harness.DrainAsync();

        var spans = Spans();
        var failed = Assert.Single(spans, s => s.DisplayName == $"{MoveSaga.SagaDefinition.Instance.Name} ElevatorUnavailable");
        Assert.Equal(SagaCompensation.CompensatingState, failed.GetTagItem(SagaTracing.ToState));
        var compensation = Assert.Single(spans, s => s.DisplayName == "compensate MoversBooked");
        Assert.Equal(failed.SpanId, compensation.ParentSpanId);
        Assert.Equal("MoversBooked", compensation.GetTagItem(SagaTracing.CompensatedStep));
        Assert.Equal(1, compensation.GetTagItem(SagaTracing.CompensationAttempt));
        Assert.Single(spans, s => s.DisplayName == "send ReleaseMovers" && s.ParentSpanId == compensation.SpanId);
        Assert.Single(spans, s => s.DisplayName == "schedule " + CompensationTimedOut.WireName && s.ParentSpanId == compensation.SpanId);
        Assert.DoesNotContain(spans, s => s.DisplayName == "compensate TruckBooked"); // not before the movers are confirmed
    }

    [Fact]
    public async Task A_handling_that_fails_records_the_exception_on_its_span()
    {
        await using var harness = new EngineHarness(o => o.MissingSaga = MissingSagaPolicy.Fault);
        await harness.Bus.PublishAsync(new PaymentCaptured(Guid.NewGuid(), "pay-1")); // no order saga to take it
        _root.Stop();

        await Assert.ThrowsAsync<SagaNotFoundException>(() => harness.DrainAsync());

        var handled = Assert.Single(Spans(), s => s.DisplayName.EndsWith(" PaymentCaptured", StringComparison.Ordinal) && s.Kind == ActivityKind.Internal);
        Assert.Equal(ActivityStatusCode.Error, handled.Status);
        Assert.Equal(typeof(SagaNotFoundException).FullName, handled.GetTagItem("error.type"));
        Assert.Contains(handled.Events, e => e.Name == "exception");
    }

    [Fact]
    public async Task A_worker_delivery_is_a_consumer_span_with_its_outcome_whatever_was_current_when_the_host_started()
    {
        using var host = await PaymentWorker.StartAsync(failures: int.MaxValue); // published under the test's root
        _root.Stop();
        await PaymentWorker.UntilAsync(() => Spans().Any(s => Equals(s.GetTagItem(SagaTracing.Outcome), "dead_lettered")));
        await host.StopAsync();

        var spans = Spans();
        var published = Assert.Single(spans, s => s.DisplayName == "publish CapturePayment");
        var deliveries = spans.Where(s => s.DisplayName == "process CapturePayment").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(["retried", "dead_lettered"], deliveries.Select(s => (string?)s.GetTagItem(SagaTracing.Outcome)));
        Assert.All(deliveries, d =>
        {
            Assert.Equal(ActivityKind.Consumer, d.Kind);
            Assert.Equal(published.SpanId, d.ParentSpanId);
            Assert.Equal("process", d.GetTagItem(SagaTracing.OperationType));
            Assert.True(d.HasRemoteParent); // the parent came with the message
            Assert.Equal(ActivityStatusCode.Error, d.Status);
            Assert.Contains(d.Events, e => e.Name == "exception");
        });
        Assert.Equal([1L, 2L], deliveries.Select(d => (long)d.GetTagItem(SagaTracing.Delivery)!));
        Assert.All(spans.Where(s => s.Kind == ActivityKind.Internal), h => Assert.Contains(deliveries, d => d.SpanId == h.ParentSpanId));
    }

    [Fact]
    public async Task A_message_handled_by_a_saga_and_a_participant_links_both_handlings_to_its_producer()
    {
        await using var harness = new EngineHarness(build: b => b.AddHandler<OrderPlaced, OrderAuditor>());
        await harness.Bus.PublishAsync(new OrderPlaced(Guid.NewGuid(), 5m));
        _root.Stop();
        await harness.DrainAsync();

        var spans = Spans();
        var published = Assert.Single(spans, s => s.DisplayName == "publish OrderPlaced");
        var handlings = spans.Where(s => s.Kind == ActivityKind.Internal && s.DisplayName.EndsWith(" OrderPlaced", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, handlings.Count);
        Assert.All(handlings, h => Assert.Equal(published.SpanId, Assert.Single(h.Links).Context.SpanId));
        Assert.Empty(Assert.Single(spans, s => s.DisplayName.EndsWith(" CapturePayment", StringComparison.Ordinal) && s.Kind == ActivityKind.Internal).Links);
    }

    public void Dispose()
    {
        _root.Dispose();
        _listener.Dispose();
    }

    private sealed class OrderAuditor : IMessageHandler<OrderPlaced>
    {
        public ValueTask HandleAsync(OrderPlaced message, MessageContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private List<Activity> Spans() => [.. _stopped.Where(a => a.TraceId == _trace)];

    // Every span's parent is the test's root or another span of the trace.
    private void AssertOneTree(List<Activity> spans)
    {
        var ids = spans.Select(s => s.SpanId).Append(_root.SpanId).ToHashSet();
        Assert.All(spans, s => Assert.Contains(s.ParentSpanId, ids));
    }
}
