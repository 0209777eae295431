// The second process of OpenTelemetryTwoProcessTests (tests/Sagas.Redis.Tests): a worker service on
// Redis running the charging service, traced by the OpenTelemetry SDK as README wires it, with the
// in-memory exporter.
//   dotnet Sagas.TracePeer.dll --redis HOST:PORT --prefix KEYPREFIX --service SERVICENAME
// Writes "ready" once its worker runs. When its standard input closes, or reads the line "dump", it
// stops (the SDK is shut down, so every span is exported), writes each span it exported as one line
// of JSON to standard output and exits 0. Its logs go to standard error. A test process that dies
// closes that input too, so the peer never outlives its test.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Sagas;

var builder = Host.CreateApplicationBuilder(args);
var redis = builder.Configuration["redis"];
var prefix = builder.Configuration["prefix"];
var service = builder.Configuration["service"];
if (string.IsNullOrWhiteSpace(redis) || string.IsNullOrWhiteSpace(prefix) || string.IsNullOrWhiteSpace(service))
{
    Console.Error.WriteLine("usage: Sagas.TracePeer --redis HOST:PORT --prefix KEYPREFIX --service SERVICENAME");
    return 2;
}

// Standard output carries the spans: logs go to standard error.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

builder.Services
    .AddSagas()
    .WithoutSagas()
    .AddChargingService() // generated for the [Participant] class
    .UseRedis(
        redis,
        o => o.KeyPrefix = prefix,
        o =>
        {
            o.ServiceName = service;
            o.BlockTime = TimeSpan.FromMilliseconds(200);
        })
    .AddHostedWorker();

// As README wires it, with the in-memory exporter in place of OTLP.
var exported = new List<Activity>();
builder.Services.AddOpenTelemetry()
    .WithTracing(t => t.AddSource(SagaTracing.ActivitySourceName).AddInMemoryExporter(exported));

using (var host = builder.Build())
{
    await host.StartAsync();
    Console.WriteLine("ready");

    while (await Console.In.ReadLineAsync() is { } line && line.Trim() != "dump")
    {
    }

    await host.StopAsync();
} // disposing the host shuts the tracer provider down: every span ended is exported

await using (var output = Console.OpenStandardOutput())
{
    foreach (var span in exported)
    {
        Write(output, span);
    }
}

return 0;

static void Write(Stream output, Activity span)
{
    using (var json = new Utf8JsonWriter(output))
    {
        json.WriteStartObject();
        json.WriteString("traceId", span.TraceId.ToHexString());
        json.WriteString("spanId", span.SpanId.ToHexString());
        json.WriteString("parentSpanId", span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString());
        json.WriteString("name", span.DisplayName);
        json.WriteString("kind", span.Kind.ToString());
        json.WriteString("source", span.Source.Name);
        json.WriteString("status", span.Status.ToString());
        json.WriteStartObject("tags");
        foreach (var (key, value) in span.TagObjects)
        {
            json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        json.WriteEndObject();
        json.WriteStartArray("links");
        foreach (var link in span.Links)
        {
            json.WriteStringValue(link.Context.TraceId.ToHexString() + "-" + link.Context.SpanId.ToHexString());
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    output.WriteByte((byte)'\n');
}
