using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sagas.Redis.Tests;

/// <summary>
/// tests/Sagas.TracePeer running as a process of its own: a worker service on Redis whose spans the
/// OpenTelemetry SDK exports in memory. Closing its standard input stops it; it then writes its
/// spans to standard output, one JSON line each. Disposing kills it, so a failing test never leaves
/// it behind.
/// </summary>
public sealed class TracePeerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TracePeerProcess(Process process) => _process = process;

    /// <summary>
    /// Where the peer is built: next to this project, in the same configuration (the test project
    /// references it, so it is built first).
    /// </summary>
    public static string PeerPath { get; } = Path.Combine(
        AppContext.BaseDirectory.Replace(Path.Combine("tests", "Sagas.Redis.Tests"), Path.Combine("tests", "Sagas.TracePeer")),
        "Sagas.TracePeer.dll");

    /// <summary>Everything the process wrote so far: standard output, then standard error.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines) + "\n--- standard error ---\n" + _errors;
            }
        }
    }

    /// <summary>Starts <c>dotnet Sagas.TracePeer.dll</c> on the Redis at <paramref name="address"/>, under <paramref name="prefix"/>, as the service <paramref name="service"/>.</summary>
    public static TracePeerProcess Start(string address, string prefix, string service)
    {
        Assert.True(File.Exists(PeerPath), $"The trace peer was not built at {PeerPath}.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[PeerPath, "--redis", address, "--prefix", prefix, "--service", service])
        {
            start.ArgumentList.Add(argument);
        }

        var peer = new TracePeerProcess(new Process { StartInfo = start });
        peer._process.OutputDataReceived += (_, e) => peer.OnOutput(e.Data);
        peer._process.ErrorDataReceived += (_, e) =>
        {
            lock (peer._lines)
            {
                peer._errors.AppendLine(e.Data);
            }
        };
        peer._process.Start();
        peer._process.BeginOutputReadLine();
        peer._process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until the peer's worker runs; fails the test if it exits first or takes longer than <paramref name="timeout"/>.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        try
        {
            await _ready.Task.WaitAsync(timeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            Assert.Fail($"The trace peer did not start ({e.Message}):\n{Output}");
        }
    }

    /// <summary>
    /// Closes the peer's standard input, which stops it, and returns the spans it exported; fails
    /// the test (and kills the peer) if it does not exit with 0 within <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<TraceSpan>> StopAndReadSpansAsync(TimeSpan timeout)
    {
        _process.StandardInput.Close();
        using (var cancel = new CancellationTokenSource(timeout))
        {
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                Assert.Fail($"The trace peer did not exit within {timeout.TotalSeconds} s of its input closing:\n{Output}");
            }
        }

        _process.WaitForExit(); // the rest of the redirected output
        Assert.True(_process.ExitCode == 0, $"The trace peer exited with {_process.ExitCode}:\n{Output}");
        lock (_lines)
        {
            return [.. _lines.Where(l => l.StartsWith('{')).Select(l => TraceSpan.FromJson(l, "peer"))];
        }
    }

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // never started
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            _ready.TrySetException(new InvalidOperationException("it exited"));
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        if (line == "ready")
        {
            _ready.TrySetResult();
        }
    }
}

/// <summary>One exported span, from either process, with what the tests read of it.</summary>
/// <param name="Process">Which process exported it: <c>test</c> or <c>peer</c>.</param>
/// <param name="TraceId">The trace id, as hex.</param>
/// <param name="SpanId">The span id, as hex.</param>
/// <param name="ParentSpanId">The parent's span id, as hex; <see langword="null"/> for a root.</param>
/// <param name="Name">The span's name.</param>
/// <param name="Kind">Its kind: <c>Producer</c>, <c>Consumer</c>, <c>Internal</c>.</param>
/// <param name="Tags">Its attributes, as text.</param>
public sealed record TraceSpan(string Process, string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, IReadOnlyDictionary<string, string?> Tags)
{
    /// <summary>An attribute's value, or <see langword="null"/>.</summary>
    public string? Tag(string name) => Tags.GetValueOrDefault(name);

    /// <summary>A span the OpenTelemetry SDK exported in this process.</summary>
    public static TraceSpan FromActivity(Activity activity, string process) => new(
        process,
        activity.TraceId.ToHexString(),
        activity.SpanId.ToHexString(),
        activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
        activity.DisplayName,
        activity.Kind.ToString(),
        activity.TagObjects.ToDictionary(t => t.Key, t => Convert.ToString(t.Value, CultureInfo.InvariantCulture)));

    /// <summary>A span as the trace peer writes it: one line of JSON.</summary>
    public static TraceSpan FromJson(string line, string process)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return new(
            process,
            root.GetProperty("traceId").GetString()!,
            root.GetProperty("spanId").GetString()!,
            root.GetProperty("parentSpanId").GetString(),
            root.GetProperty("name").GetString()!,
            root.GetProperty("kind").GetString()!,
            root.GetProperty("tags").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()));
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Process,-4} {Kind,-8} {Name,-40} span {SpanId} parent {ParentSpanId ?? "(root)          "} trace {TraceId} " +
        string.Join(' ', Tags.Select(t => $"{t.Key}={t.Value}"));
}
