using System.Text.RegularExpressions;

namespace Sagas.Redis.Tests;

/// <summary>
/// The sample's services, each a process of its own on Redis, print their spans with
/// OpenTelemetry's console exporter (the sample's default): one order's spans form one tree.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed partial class SampleTraceTests(RedisServerFixture redis)
{
    [RedisFact]
    public async Task One_order_is_one_trace_across_the_services_processes()
    {
        var prefix = $"traces-{Guid.NewGuid():N}:";
        string[] common = ["--redis", redis.Address, "--Sagas:Redis:KeyPrefix", prefix];
        using var payment = SampleProcess.Start([.. common, "--role", "payment"]);
        using var inventory = SampleProcess.Start([.. common, "--role", "inventory"]);
        using var shipping = SampleProcess.Start([.. common, "--role", "shipping"]);

        var (exitCode, output) = await SampleProcess.RunToExitAsync(SampleProcess.SamplePath, [.. common, "--role", "orders", "--Sample:Orders", "1"]);
        Assert.True(exitCode == 0, output);

        // The participants print a span when it ends, which can be just after the order finished.
        List<Span> spans = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            spans = [.. new[] { output, payment.Output, inventory.Output, shipping.Output }.SelectMany(Spans)];
            if (spans.Count(s => s.Name.StartsWith("process ", StringComparison.Ordinal)) >= 6 && Orphans(spans).Count == 0)
            {
                break;
            }
        }

        var all = $"{output}\n--- payment:\n{payment.Output}\n--- inventory:\n{inventory.Output}\n--- shipping:\n{shipping.Output}";
        Assert.True(spans.Select(s => s.TraceId).Distinct().Count() == 1, all);
        var root = Assert.Single(spans, s => s.ParentId is null);
        Assert.Equal(("publish OrderPlaced", "OrderFulfillment.orders"), (root.Name, root.Service));
        Assert.True(Orphans(spans).Count == 0, "spans whose parent is in no process's output: " + string.Join(", ", Orphans(spans).Select(s => s.Name)) + "\n" + all);
        Assert.Equal(
            ["OrderFulfillment.inventory", "OrderFulfillment.orders", "OrderFulfillment.payment", "OrderFulfillment.shipping"],
            spans.Select(s => s.Service).Distinct().Order(StringComparer.Ordinal));

        // Across processes: the payment service's delivery of CapturePayment hangs from the orders service's send.
        var sent = Assert.Single(spans, s => s.Name == "send CapturePayment");
        var processed = Assert.Single(spans, s => s.Name == "process CapturePayment");
        Assert.Equal((sent.Id, "OrderFulfillment.orders", "OrderFulfillment.payment"), (processed.ParentId, sent.Service, processed.Service));
    }

    private static List<Span> Orphans(List<Span> spans)
    {
        var ids = spans.Select(s => s.Id).ToHashSet();
        return [.. spans.Where(s => s.ParentId is { } parent && !ids.Contains(parent))];
    }

    // One span per block of the console exporter: "Activity.TraceId: …" up to the resource's service.name.
    private static IEnumerable<Span> Spans(string output) =>
        Block().Matches(output).Select(m => new Span(
            m.Groups["trace"].Value,
            m.Groups["span"].Value,
            m.Groups["parent"].Success ? m.Groups["parent"].Value : null,
            m.Groups["name"].Value.Trim(),
            m.Groups["service"].Value.Trim()));

    [GeneratedRegex(@"Activity\.TraceId:\s+(?<trace>\w+)\s+Activity\.SpanId:\s+(?<span>\w+)\s+Activity\.TraceFlags:\s+\w+\s+(?:Activity\.ParentSpanId:\s+(?<parent>\w+)\s+)?Activity\.DisplayName:\s+(?<name>[^\r\n]+).*?service\.name:\s+(?<service>[^\r\n]+)", RegexOptions.Singleline)]
    private static partial Regex Block();

    private sealed record Span(string TraceId, string Id, string? ParentId, string Name, string Service);
}
