using System.IO.Compression;
using System.Xml.Linq;

namespace Sagas.Packaging.Tests;

/// <summary>
/// Packs Sagas as it ships and builds a consumer against the package alone: proves the generator
/// and analyzers travel inside the package, load in a user's build and generate its saga code.
/// </summary>
public sealed class PackedPackageTests : IDisposable
{
    // Outside the repository, so the consumer inherits none of its build settings.
    private readonly string _temp = Directory.CreateTempSubdirectory("sagas-pack-").FullName;

    [Fact]
    public async Task The_packed_package_carries_the_generator_and_analyzer_into_a_consumer_build()
    {
        var root = DotNetCli.RepositoryRoot();
        var feed = Path.Combine(_temp, "feed");
        // A private artifacts path: a fresh build that neither reads stale outputs in the
        // repository's bin folders nor collides with a developer's build running at the same time.
        var artifacts = Path.Combine(_temp, "artifacts");
        foreach (var project in new[] { "src/Sagas.Abstractions", "src/Sagas" })
        {
            await DotNetCli.RunAsync(root, null, "pack", project, "-c", "Release", "-o", feed, "--artifacts-path", artifacts, "--disable-build-servers");
        }

        var (package, nuspec) = FindPackage(feed, "Sagas");
        var entries = PackageEntries(package);
        Assert.Contains("analyzers/dotnet/cs/Sagas.Generators.dll", entries.Keys);
        Assert.DoesNotContain(entries.Keys, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith("/Sagas.Generators.dll", StringComparison.Ordinal));
        var built = Directory.GetFiles(Path.Combine(artifacts, "bin"), "Sagas.Generators.dll", SearchOption.AllDirectories).Single();
        Assert.True(
            entries["analyzers/dotnet/cs/Sagas.Generators.dll"].SequenceEqual(File.ReadAllBytes(built)),
            $"The package carries a Sagas.Generators.dll other than the one this pack built ({built}): a stale copy.");
        Assert.Contains("Sagas.Abstractions", Dependencies(nuspec));
        // The diagram targets, for the consumer and for projects that reference it.
        Assert.Contains("build/Sagas.targets", entries.Keys);
        Assert.Contains("buildTransitive/Sagas.targets", entries.Keys);

        var consumer = WriteConsumer(feed, Version(nuspec));
        var output = await DotNetCli.RunAsync(
            consumer,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_temp, "packages") },
            "build", "-tl:off", "--disable-build-servers");

        Assert.Contains("warning SAGA001: Event 'PlaceOrder'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Event 'OrderPlaced'", output, StringComparison.Ordinal);
        // The consumer's own code is clean: a compiler warning here means the generator or the
        // analyzers failed to load (CS8032, CS9057) or threw (CS8784, CS8785).
        Assert.DoesNotContain(": warning CS", output, StringComparison.Ordinal);

        // SagasEmitDiagrams: the package's build targets copied the saga's diagrams out of the generated file.
        var diagrams = Path.Combine(consumer, "obj", "Debug", "net10.0", "sagas");
        Assert.StartsWith("stateDiagram-v2\n    [*] --> Placed : OrderPlaced\n", ReadDiagram(diagrams, "Consumer.OrderSaga.mmd"), StringComparison.Ordinal);
        Assert.StartsWith("digraph \"OrderSaga\" {\n    rankdir=LR;\n", ReadDiagram(diagrams, "Consumer.OrderSaga.dot"), StringComparison.Ordinal);
    }

    private static string ReadDiagram(string folder, string name)
    {
        var found = Directory.Exists(folder) ? Directory.GetFiles(folder).Select(Path.GetFileName) : [];
        Assert.True(File.Exists(Path.Combine(folder, name)), $"The build wrote no {name} in {folder}; found: [{string.Join(", ", found)}].");
        return File.ReadAllText(Path.Combine(folder, name));
    }

    public void Dispose() => DotNetCli.DeleteQuietly(_temp);

    private static (string Path, XElement Nuspec) FindPackage(string feed, string id)
    {
        foreach (var path in Directory.GetFiles(feed, "*.nupkg"))
        {
            var nuspec = ReadNuspec(path);
            if (Child(Child(nuspec, "metadata"), "id").Value == id)
            {
                return (path, nuspec);
            }
        }

        throw new InvalidOperationException($"No {id} package in {feed}: {string.Join(", ", Directory.GetFiles(feed))}");
    }

    private static XElement ReadNuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XElement.Load(stream);
    }

    private static Dictionary<string, byte[]> PackageEntries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.ToDictionary(e => e.FullName, ReadAll);
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Version(XElement nuspec) => Child(Child(nuspec, "metadata"), "version").Value;

    // The nuspec namespace changes with the NuGet version, so elements are matched by local name.
    private static List<string> Dependencies(XElement nuspec) =>
        [.. nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id") ?? "")];

    private static XElement Child(XElement parent, string localName) =>
        parent.Elements().Single(e => e.Name.LocalName == localName);

    private string WriteConsumer(string feed, string version)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_temp, "consumer")).FullName;
        // Empty stubs stop MSBuild from walking up into any Directory.Build.* or central versions above.
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <SagasEmitDiagrams>true</SagasEmitDiagrams>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sagas" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Events.cs"), """
            namespace Consumer;

            [Sagas.Event]
            public sealed record PlaceOrder(string OrderId);

            [Sagas.Event]
            public sealed record OrderPlaced(string OrderId);
            """);
        // Calls the generated AddSagas(): the build fails unless the generator ran from the package.
        File.WriteAllText(Path.Combine(dir, "OrderSaga.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using Sagas;

            namespace Consumer;

            public sealed class OrderData
            {
                public string OrderId { get; set; } = "";
            }

            [Saga]
            public sealed partial class OrderSaga : Saga<OrderSaga.State, OrderData>
            {
                public enum State { [Final] Placed }

                [StartedBy, Then(State.Placed)]
                public void On(OrderPlaced e) => Data.OrderId = e.OrderId;
            }

            public static class Registration
            {
                public static SagasBuilder Register(IServiceCollection services) => services.AddSagas();

                public static ISagaDefinition Definition => OrderSaga.SagaDefinition.Instance;
            }
            """);
        return dir;
    }
}
