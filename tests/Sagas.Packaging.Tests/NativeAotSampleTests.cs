using System.Diagnostics;
using System.Text;
using Sagas.Redis.Tests;

namespace Sagas.Packaging.Tests;

/// <summary>
/// The sample published as a Native AOT executable, as README shows: the publish must give no
/// trimming or AOT warning (warnings are errors in this repository), and the executable must run
/// its orders to the end in memory and on Redis, where messages and saga data cross as JSON.
/// </summary>
public sealed class NativeAotSampleTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("sagas-aot-").FullName;

    [RedisFact]
    public async Task The_sample_publishes_natively_without_warnings_and_runs_in_memory_and_on_Redis()
    {
        var published = Path.Combine(_temp, "published");
        var output = await DotNetCli.RunAsync(
            DotNetCli.RepositoryRoot(),
            null,
            "publish", "samples/OrderFulfillment", "-c", "Release", "-p:SagasAot=true", "-o", published,
            "--artifacts-path", Path.Combine(_temp, "artifacts"), "-tl:off", "--disable-build-servers");
        Assert.DoesNotContain(": warning ", output, StringComparison.Ordinal);
        var executable = Path.Combine(published, "OrderFulfillment");
        Assert.True(File.Exists(executable), "The publish wrote no native executable:\n" + output);
        Assert.False(File.Exists(Path.Combine(published, "OrderFulfillment.dll")), "The publish wrote a managed assembly: it was not native.");

        var inMemory = await RunAsync(executable);
        Assert.Contains("Saga state and messages: in memory", inMemory);
        Assert.Contains("Orders: 8 placed, 6 completed, 2 compensated, 0 failed", inMemory);

        var onRedis = await RunAsync(executable, "--redis", redis.Address, "--Sagas:Redis:KeyPrefix", $"aot-{Guid.NewGuid():N}:");
        Assert.Contains("Saga state, messages and timeouts: Redis at", onRedis);
        Assert.Contains("Orders: 8 placed, 6 completed, 2 compensated, 0 failed", onRedis);
    }

    public void Dispose() => DotNetCli.DeleteQuietly(_temp);

    // Runs the executable to its end; fails the test unless it exits with 0 within 2 minutes.
    private static async Task<string> RunAsync(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        var text = Text();
        Assert.True(process.HasExited && process.ExitCode == 0, $"{executable} {string.Join(' ', arguments)} did not end with 0:\n{text}");
        return text;

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}
