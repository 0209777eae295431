using System.Diagnostics;

namespace Choreography;

/// <summary>
/// The services as processes of their own, started by the launcher with this program's arguments
/// plus <c>--service</c>: each reads its own consumer group on Redis. Their output is copied to the
/// launcher's, each line prefixed with the service's name. Disposing kills them.
/// </summary>
public sealed class ServiceProcesses : IDisposable
{
    private readonly List<(string Name, Process Process)> _processes = [];

    public static ServiceProcesses Start(IEnumerable<string> services, int replicas, IReadOnlyList<string> arguments)
    {
        var started = new ServiceProcesses();
        foreach (var service in services)
        {
            for (var replica = 1; replica <= replicas; replica++)
            {
                var name = replicas == 1 ? service : $"{service}-{replica}";
                started._processes.Add((name, StartOne(name, service, arguments)));
            }
        }

        return started;
    }

    /// <summary>The services that stopped on their own, with their exit codes.</summary>
    public IEnumerable<string> Exited => _processes.Where(p => p.Process.HasExited).Select(p => $"{p.Name} (exit {p.Process.ExitCode})");

    private static Process StartOne(string name, string service, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };

        // Run as 'dotnet Choreography.dll', or as the apphost: Environment.ProcessPath is whichever runs now.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ServiceProcesses).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--service");
        start.ArgumentList.Add(service);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {name} service.");
        process.OutputDataReceived += (_, e) => Print(name, e.Data);
        process.ErrorDataReceived += (_, e) => Print(name, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Print(string name, string? line)
    {
        if (line is not null)
        {
            Console.WriteLine($"[{name}] {line}");
        }
    }

    public void Dispose()
    {
        foreach (var (_, process) in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
