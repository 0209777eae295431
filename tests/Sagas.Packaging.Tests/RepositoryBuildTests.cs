namespace Sagas.Packaging.Tests;

/// <summary>
/// SagasEmitDiagrams set for a whole build (on the command line, or in a Directory.Build.props)
/// reaches every project, including those with no saga, such as Sagas.Abstractions: none may break.
/// The sample keeps its contract baseline: the check a CI server runs finds the committed one
/// current, and README quotes it.
/// </summary>
public sealed class RepositoryBuildTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("sagas-repo-").FullName;

    [Fact]
    public async Task SagasEmitDiagrams_for_the_whole_build_breaks_no_project_and_draws_the_sample()
    {
        var baselinePath = Path.Combine(DotNetCli.RepositoryRoot(), "samples", "OrderFulfillment", "sagas.contracts.txt");
        var committed = File.ReadAllText(baselinePath);

        // A private artifacts path: a fresh build, apart from a developer's at the same time.
        var output = await DotNetCli.RunAsync(
            DotNetCli.RepositoryRoot(),
            null,
            // The baseline checked as a CI server does: never written into the repository by a test.
            "build", "samples/OrderFulfillment", "-c", "Release", "-p:SagasEmitDiagrams=true", "-p:SagasContractBaseline=check",
            "--artifacts-path", _temp, "-tl:off", "--disable-build-servers");

        Assert.DoesNotContain(": warning ", output, StringComparison.Ordinal);
        Assert.True(
            File.Exists(Path.Combine(_temp, "obj", "OrderFulfillment", "release", "sagas", "OrderFulfillment.OrderSaga.mmd")),
            "The sample's build wrote no diagram:\n" + output);

        // Unchanged by the build: the committed baseline holds every contract of the sample's code.
        Assert.Equal(committed, File.ReadAllText(baselinePath));
        var readme = File.ReadAllText(Path.Combine(DotNetCli.RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var quoted = readme[(readme.IndexOf("### Contract baseline", StringComparison.Ordinal))..];
        quoted = quoted[(quoted.IndexOf("```text\n", StringComparison.Ordinal) + 8)..];
        quoted = quoted[..quoted.IndexOf("```", StringComparison.Ordinal)];
        foreach (var entry in quoted.Split("\n\n"))
        {
            Assert.Contains(entry.TrimEnd('\n') + "\n", committed.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }

    public void Dispose() => DotNetCli.DeleteQuietly(_temp);
}
