using System.Diagnostics;

namespace Sagas.Benchmarks.Compare;

/// <summary>
/// Starts a fresh process of this benchmark executable to measure one side, so that each side has
/// its own heap, GC history, JIT state and peak working set, and reads back its one result line.
/// </summary>
internal static class ChildProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    public static async Task<Measurement> MeasureAsync(CompareSide side, CompareOptions options, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("The path of this executable is unknown."))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true, // the result line; standard error (progress) goes straight to the console
        };

        // Run as 'dotnet Sagas.Benchmarks.dll': the child needs the assembly named too.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        start.ArgumentList.Add(CompareChild.Mode);
        start.ArgumentList.Add(side.Key);
        foreach (var argument in options.ToArguments())
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        Measurement? result = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (Measurement.FromLine(line) is { } measurement)
                {
                    result = measurement;
                }
                else
                {
                    Console.Error.WriteLine("  " + line);
                }
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return Measurement.Failed($"did not finish within {Timeout.TotalMinutes:0} minutes");
        }

        return result ?? Measurement.Failed($"the child process ended (exit code {process.ExitCode}) without a result");
    }
}
