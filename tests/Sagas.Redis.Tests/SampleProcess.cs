using System.Diagnostics;
using System.Text;

namespace Sagas.Redis.Tests;

/// <summary>
/// The OrderFulfillment sample running as a process of its own, with its standard output and error
/// captured. Disposing kills it, so a failing test never leaves a worker behind.
/// </summary>
public sealed class SampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SampleProcess(Process process) => _process = process;

    /// <summary>
    /// Where the OrderFulfillment sample is built: next to this project, in the same configuration
    /// (the test project references it, so it is built first).
    /// </summary>
    public static string SamplePath { get; } = BuiltPath("OrderFulfillment");

    /// <summary>Where the Choreography sample is built.</summary>
    public static string ChoreographyPath { get; } = BuiltPath("Choreography");

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code; only once the process has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far, standard output and error interleaved, one line each.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet OrderFulfillment.dll</c> with <paramref name="arguments"/>.</summary>
    public static SampleProcess Start(params string[] arguments) => StartBuilt(SamplePath, arguments);

    /// <summary>Starts <c>dotnet Choreography.dll</c> with <paramref name="arguments"/>: the launcher, which starts the services.</summary>
    public static SampleProcess StartChoreography(params string[] arguments) => StartBuilt(ChoreographyPath, arguments);

    /// <summary>Runs a sample to its end, failing the test if it runs for more than 2 minutes; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string path, params string[] arguments)
    {
        using var sample = StartBuilt(path, arguments);
        if (!await sample.WaitForExitAsync(TimeSpan.FromMinutes(2)))
        {
            sample.Kill();
            Assert.Fail("The sample did not exit within 2 minutes:\n" + sample.Output);
        }

        return (sample.ExitCode, sample.Output);
    }

    private static string BuiltPath(string sample) => Path.Combine(
        AppContext.BaseDirectory.Replace(Path.Combine("tests", typeof(SampleProcess).Assembly.GetName().Name!), Path.Combine("samples", sample)),
        sample + ".dll");

    private static SampleProcess StartBuilt(string path, string[] arguments)
    {
        Assert.True(File.Exists(path), $"The sample was not built at {path}.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var sample = new SampleProcess(new Process { StartInfo = start });
        sample._process.OutputDataReceived += (_, e) => sample.Append(e.Data);
        sample._process.ErrorDataReceived += (_, e) => sample.Append(e.Data);
        sample._process.Start();
        sample._process.BeginOutputReadLine();
        sample._process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>
    /// Waits until the process ends and its output is read to the end; <see langword="false"/> when
    /// it is still running after <paramref name="timeout"/> (it is left running).
    /// </summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        _process.WaitForExit(); // the rest of the redirected output
        return true;
    }

    /// <summary>
    /// Asks the process to stop, as an operator or a container orchestrator does: SIGTERM, which the
    /// .NET host turns into a graceful stop (what is in hand finishes, the rest is handed back).
    /// Returns at once; <see cref="WaitForExitAsync"/> waits for the stop.
    /// </summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -TERM {_process.Id} failed with exit code {kill.ExitCode}.");
    }

    /// <summary>
    /// Kills the process at once, as a crash would: on Linux and macOS with SIGKILL, so it runs no
    /// shutdown code and acknowledges nothing more. Returns when it has exited.
    /// </summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true); // SIGKILL; `dotnet app.dll` hosts the app in this very process, and its children die with it
            }
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }

        _process.WaitForExit();
    }

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
