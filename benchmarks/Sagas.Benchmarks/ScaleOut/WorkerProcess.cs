using System.Diagnostics;

namespace Sagas.Benchmarks.ScaleOut;

/// <summary>A scale-worker child: started, followed through the counts it prints, killed at the end.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private long _transitions;

    private WorkerProcess(Process process)
    {
        _process = process;
        _ = FollowAsync();
    }

    public int Id => _process.Id;

    public long Transitions => Interlocked.Read(ref _transitions);

    /// <summary>From the process's start to its host's start.</summary>
    public TimeSpan StartupTime { get; private set; }

    public Task Ready => _ready.Task;

    /// <summary>Starts a worker on the Redis of the configuration string, its streams split over the partitions.</summary>
    public static WorkerProcess Start(string configuration, string prefix, int partitions)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("The path of this executable is unknown."))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        }

        start.ArgumentList.Add(ScaleWorker.Mode);
        start.ArgumentList.Add(configuration);
        start.ArgumentList.Add(prefix);
        start.ArgumentList.Add($"--{RedisStreamsOptions.SectionName}:{nameof(RedisStreamsOptions.Partitions)}");
        start.ArgumentList.Add(partitions.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}."));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task FollowAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "ready")
            {
                StartupTime = _sinceStart.Elapsed;
                _ready.TrySetResult();
            }
            else if (line.StartsWith("transitions ", StringComparison.Ordinal) && long.TryParse(line.AsSpan(12), out var count))
            {
                Interlocked.Exchange(ref _transitions, count);
            }
            else
            {
                Console.Error.WriteLine($"  worker {_process.Id}: {line}");
            }
        }

        _ready.TrySetException(new InvalidOperationException($"Worker process {_process.Id} ended before it was ready."));
    }
}
