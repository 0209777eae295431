using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Sagas.Redis.Tests;

/// <summary>
/// The OpenTelemetry SDK wired as README shows (<c>AddSource(SagaTracing.ActivitySourceName)</c>),
/// with its in-memory exporter, in two processes on one Redis: a saga here sends a command that the
/// charging service of tests/Sagas.TracePeer handles and answers. The spans both exported are one
/// trace and one tree, each message's consumer span under its producer span in the other process.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class OpenTelemetryTwoProcessTests(RedisServerFixture redis)
{
    private const string Service = "trace-orders";
    private const string PeerService = "trace-charging";

    // Generous: the two processes share two cores with whatever else runs.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [RedisFact]
    public async Task A_flow_across_two_processes_on_Redis_is_one_trace_tree_in_the_sdk_exports()
    {
        var prefix = $"otel-{Guid.NewGuid():N}:";
        var orderId = Guid.NewGuid();
        var conversation = orderId.ToString("D");
        var exported = new List<Activity>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var peer = TracePeerProcess.Start(redis.Address, prefix, PeerService);
        using (var host = BuildHost(prefix, exported, new Finished(orderId, finished)))
        {
            await host.StartAsync();
            await peer.WaitReadyAsync(Patience);

            await host.Services.GetRequiredService<IMessageBus>().PublishAsync(new TracedOrderPlaced(orderId, 12.5m));
            try
            {
                await finished.Task.WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"The saga did not finish within {Patience.TotalSeconds} s. The peer's output:\n{peer.Output}");
            }

            await host.StopAsync(); // the worker finishes what it has in hand: its spans end
        } // disposing the host shuts the tracer provider down

        var peerSpans = await peer.StopAndReadSpansAsync(Patience);

        // This process's spans of the flow: other tests' engines may run beside this one, traced too
        // (ToArray, not an enumerator: one of their spans may still be ending as the provider shuts down).
        var local = exported.ToArray().OfType<Activity>().Select(a => TraceSpan.FromActivity(a, "test")).ToList();
        var flowTraces = local.Where(s => s.Tag(SagaTracing.ConversationId) == conversation).Select(s => s.TraceId).ToHashSet();
        var spans = local.Where(s => flowTraces.Contains(s.TraceId) || s.Tag(SagaTracing.ConversationId) == conversation).Concat(peerSpans).ToList();
        var tree = "The spans:\n" + string.Join('\n', spans);

        // One trace, one tree, both processes in it.
        Assert.True(spans.Select(s => s.TraceId).Distinct().Count() == 1, tree);
        Assert.True(spans.All(s => s.Tag(SagaTracing.ConversationId) == conversation), tree);
        var root = Assert.Single(spans, s => s.ParentSpanId is null);
        Assert.True(root is { Process: "test", Kind: "Producer", Name: "publish trace.order-placed" }, tree);
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        Assert.True(spans.Where(s => s != root).All(s => ids.Contains(s.ParentSpanId!)), tree);
        Assert.Contains(spans, s => s.Process == "test");
        Assert.Contains(spans, s => s.Process == "peer");

        // The command: sent by the saga's handling here, delivered to the charging service there.
        var sent = One(spans, "test", "Producer", "send trace.charge-order", tree);
        var charging = One(spans, "peer", "Consumer", "process trace.charge-order", tree);
        Assert.True(charging.ParentSpanId == sent.SpanId, tree);

        // The reply: published by the charging service's handling there, delivered to the saga here.
        var replied = One(spans, "peer", "Producer", "publish trace.order-charged", tree);
        var charged = One(spans, "test", "Consumer", "process trace.order-charged", tree);
        Assert.True(charged.ParentSpanId == replied.SpanId, tree);

        // Each handling is under its delivery, and each message made under the handling that made it.
        var handlingCharge = One(spans, "peer", "Internal", null, tree, parent: charging);
        Assert.True(replied.ParentSpanId == handlingCharge.SpanId, tree);
        var placed = One(spans, "test", "Consumer", "process trace.order-placed", tree);
        Assert.True(placed.ParentSpanId == root.SpanId, tree);
        var starting = One(spans, "test", "Internal", null, tree, parent: placed);
        Assert.True(sent.ParentSpanId == starting.SpanId, tree);
        var finishing = One(spans, "test", "Internal", null, tree, parent: charged);
        Assert.Equal("Charged", finishing.Tag(SagaTracing.ToState));

        // Every delivery says where it came from and which service read it.
        foreach (var delivery in spans.Where(s => s.Kind == "Consumer"))
        {
            Assert.True(delivery.Tag(SagaTracing.MessagingSystem) == "redis", delivery.ToString());
            Assert.True(delivery.Tag(SagaTracing.ConsumerGroup) == (delivery.Process == "test" ? Service : PeerService), delivery.ToString());
            Assert.True(delivery.Tag(SagaTracing.Outcome) == "handled", delivery.ToString());
        }
    }

    private IHost BuildHost(string prefix, List<Activity> exported, ISagaObserver observer)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services
            .AddSagas()
            .UseRedis(
                redis.Address,
                o => o.KeyPrefix = prefix,
                o =>
                {
                    o.ServiceName = Service;
                    o.BlockTime = TimeSpan.FromMilliseconds(200);
                })
            .AddHostedWorker();
        builder.Services.AddSingleton(observer);

        // As README wires it, with the in-memory exporter in place of OTLP.
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource(SagaTracing.ActivitySourceName).AddInMemoryExporter(exported));
        return builder.Build();
    }

    // The one span of a process of that kind, with that name or under that parent.
    private static TraceSpan One(IEnumerable<TraceSpan> spans, string process, string kind, string? name, string tree, TraceSpan? parent = null)
    {
        var found = spans.Where(s => s.Process == process && s.Kind == kind && (name is null || s.Name == name) && (parent is null || s.ParentSpanId == parent.SpanId)).ToList();
        Assert.True(found.Count == 1, $"{found.Count} {kind} span(s) {name} in {process}{(parent is null ? "" : " under " + parent.Name)}, not one. {tree}");
        return found[0];
    }

    private sealed class Finished(Guid orderId, TaskCompletionSource finished) : ISagaObserver
    {
        public void OnTransition(SagaTransition transition)
        {
            if (transition.IsFinal && transition.Key.CorrelationKey == orderId.ToString("D"))
            {
                finished.TrySetResult();
            }
        }
    }
}
