using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Sagas.Benchmarks;

/// <summary>
/// The "telemetry" mode: what OpenTelemetry costs on the Redis path. The sample's order saga on a
/// redis-server of its own, 16 sagas in flight, measured without a listener and with the
/// OpenTelemetry SDK recording every span and metric (wired as README shows, exporting through
/// a batch processor to an exporter that reads each item and drops it: the SDK's cost, not a
/// network's). The two alternate for R rounds; each row is their median.
/// </summary>
internal static class TelemetryCost
{
    private const int Concurrency = 16;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Timing.DefaultSeconds;
        var rounds = 3;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value < 1
                || (args[i] != "--seconds" && args[i] != "--rounds"))
            {
                Console.Error.WriteLine("Usage: dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- telemetry [--seconds N] [--rounds R]");
                return 2;
            }

            (seconds, rounds) = args[i] == "--seconds" ? (value, rounds) : (seconds, value);
        }

        using var cancel = new StopOnSignals();
        using var server = await RedisServerProcess.StartAsync(cancel.Token);
        var logs = new LogCounter();
        var started = DateTime.UtcNow;
        var off = new List<Sample>();
        var sdk = new List<Sample>();
        for (var round = 1; round <= rounds; round++)
        {
            off.Add(await MeasureAsync(server, $"round {round}/{rounds}, no listener", null, seconds, logs, cancel.Token));
            sdk.Add(await MeasureAsync(server, $"round {round}/{rounds}, OpenTelemetry SDK", AddOpenTelemetry, seconds, logs, cancel.Token));
        }

        Console.WriteLine(Table(Median(off), Median(sdk), started, seconds, rounds, logs));
        return 0;
    }

    // As README wires it, with the exporters swapped for ones that drop what they read.
    private static void AddOpenTelemetry(IServiceCollection services) => services.AddOpenTelemetry()
        .WithTracing(t => t.AddSource(SagaTracing.ActivitySourceName).AddProcessor(new BatchActivityExportProcessor(new Discard<Activity>())))
        .WithMetrics(m => m.AddMeter(SagaMetrics.MeterName).AddReader(new PeriodicExportingMetricReader(new Discard<Metric>(), exportIntervalMilliseconds: 1000)));

    private static async Task<Sample> MeasureAsync(RedisServerProcess server, string label, Action<IServiceCollection>? configure, int seconds, LogCounter logs, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine(label + " ...");
        await using var load = await StreamsRun.StartAsync(server, Concurrency, logs, configure, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, seconds / 3)), cancellationToken);

        var process = Process.GetCurrentProcess();
        var (transitions, cpu, allocated, clock) = (load.Counter.Transitions, process.TotalProcessorTime, GC.GetTotalAllocatedBytes(), Stopwatch.StartNew());
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        process.Refresh();
        var counted = load.Counter.Transitions - transitions;
        var sample = new Sample(
            counted / clock.Elapsed.TotalSeconds,
            (process.TotalProcessorTime - cpu).TotalMicroseconds / counted,
            (GC.GetTotalAllocatedBytes() - allocated) / (double)counted);
        Console.Error.WriteLine(Invariant($"  {sample.PerSecond:N0} transitions/s, {sample.CpuMicroseconds:N0} µs CPU and {sample.Bytes:N0} B allocated per transition"));
        return sample;
    }

    private static Sample Median(List<Sample> samples)
    {
        static double Of(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        return new(Of(samples.Select(s => s.PerSecond)), Of(samples.Select(s => s.CpuMicroseconds)), Of(samples.Select(s => s.Bytes)));
    }

    private static string Table(Sample off, Sample sdk, DateTime started, int seconds, int rounds, LogCounter logs)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"### OpenTelemetry on the Redis path ({started:yyyy-MM-dd HH:mm} UTC)"));
        text.AppendLine();
        text.AppendLine(Invariant($"Environment.ProcessorCount {Environment.ProcessorCount} · {RuntimeInformation.FrameworkDescription} · OpenTelemetry {Version(typeof(Sdk))} · StackExchange.Redis {Version(typeof(StackExchange.Redis.ConnectionMultiplexer))} · the sample's order saga, {Concurrency} in flight, one worker process and its own redis-server · medians of {rounds} alternating rounds of {seconds} s after a warm-up"));
        text.AppendLine();
        text.AppendLine("| worker | transitions/s | worker CPU/transition | allocated/transition |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        text.AppendLine(Invariant($"| no listener | {off.PerSecond:N0} | {off.CpuMicroseconds:N0} µs | {off.Bytes:N0} B |"));
        text.AppendLine(Invariant($"| OpenTelemetry SDK: every span and metric recorded | {sdk.PerSecond:N0} | {sdk.CpuMicroseconds:N0} µs | {sdk.Bytes:N0} B |"));
        text.AppendLine(Invariant($"| cost of the SDK | {sdk.PerSecond / off.PerSecond - 1:+0%;-0%} | {sdk.CpuMicroseconds - off.CpuMicroseconds:+0;-0} µs ({sdk.CpuMicroseconds / off.CpuMicroseconds - 1:+0%;-0%}) | {sdk.Bytes - off.Bytes:+#,0;-#,0} B ({sdk.Bytes / off.Bytes - 1:+0%;-0%}) |"));
        text.AppendLine();
        text.AppendLine(Invariant($"- warnings and errors the library logged: {logs.Count}"));
        return text.ToString();
    }

    private static string Version(Type type) =>
        type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "?";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Sample(double PerSecond, double CpuMicroseconds, double Bytes);

    // Reads every item, as a serializing exporter would, and keeps none.
    private sealed class Discard<T> : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch)
        {
            foreach (var item in batch)
            {
                GC.KeepAlive(item);
            }

            return ExportResult.Success;
        }
    }
}
