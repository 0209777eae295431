namespace Sagas.Packaging.Tests;

/// <summary>
/// Packs the repository once for every test of the "Packages" collection, with the command README
/// gives users, and with warnings as errors: a pack warning (NU5xxx) fails every test.
/// </summary>
public sealed class PackagesFixture : IAsyncLifetime
{
    /// <summary>The command README's Install section gives; run here into a private folder.</summary>
    public const string PackCommand = "dotnet pack Sagas.sln -c Release -o artifacts/packages";

    /// <summary>Every package a user installs, and only those.</summary>
    public static readonly string[] Ids = ["Sagas", "Sagas.Abstractions", "Sagas.Hosting", "Sagas.Inspector", "Sagas.Redis", "Sagas.Testing"];

    // Outside the repository, so the consumers inherit none of its build settings.
    public string Temp { get; } = Directory.CreateTempSubdirectory("sagas-pack-").FullName;

    /// <summary>The folder the packages are packed into, used as a NuGet feed.</summary>
    public string Feed => Path.Combine(Temp, "feed");

    /// <summary>
    /// A private artifacts path: a fresh build that neither reads stale outputs in the repository's
    /// bin folders nor collides with a developer's build running at the same time.
    /// </summary>
    public string Artifacts => Path.Combine(Temp, "artifacts");

    public string PackOutput { get; private set; } = "";

    public IReadOnlyDictionary<string, PackedPackage> Packages { get; private set; } = new Dictionary<string, PackedPackage>();

    public async Task InitializeAsync()
    {
        PackOutput = await DotNetCli.RunAsync(
            DotNetCli.RepositoryRoot(),
            null,
            // README's command, its output folder swapped for the private feed.
            [.. PackCommand.Split(' ')[1..^1], Feed, "--artifacts-path", Artifacts, "-warnaserror", "-tl:off", "--disable-build-servers"]);
        Packages = Directory.GetFiles(Feed, "*.nupkg").Select(PackedPackage.Read).ToDictionary(p => p.Id);
    }

    public Task DisposeAsync()
    {
        DotNetCli.DeleteQuietly(Temp);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackagesFixture>
{
    public const string Name = "Packages";
}
