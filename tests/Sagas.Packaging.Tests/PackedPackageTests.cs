namespace Sagas.Packaging.Tests;

/// <summary>
/// Builds a consumer against the packages alone: proves the generator and analyzers travel inside
/// the package, load in a user's build and generate its saga code.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class PackedPackageTests(PackagesFixture packages)
{
    private readonly string _temp = packages.Temp;

    [Fact]
    public async Task The_packed_package_carries_the_generator_and_analyzer_into_a_consumer_build()
    {
        var feed = packages.Feed;
        var package = packages.Packages["Sagas"];
        var entries = package.Entries;
        Assert.Contains("analyzers/dotnet/cs/Sagas.Generators.dll", entries.Keys);
        Assert.DoesNotContain(entries.Keys, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith("/Sagas.Generators.dll", StringComparison.Ordinal));
        var built = Directory.GetFiles(Path.Combine(packages.Artifacts, "bin"), "Sagas.Generators.dll", SearchOption.AllDirectories).Single();
        Assert.True(
            entries["analyzers/dotnet/cs/Sagas.Generators.dll"].SequenceEqual(File.ReadAllBytes(built)),
            $"The package carries a Sagas.Generators.dll other than the one this pack built ({built}): a stale copy.");
        Assert.Contains("Sagas.Abstractions", package.Dependencies().Select(d => (string?)d.Attribute("id")));
        // The diagram targets, for the consumer and for projects that reference it.
        Assert.Contains("build/Sagas.targets", entries.Keys);
        Assert.Contains("buildTransitive/Sagas.targets", entries.Keys);

        var consumer = WriteConsumer(feed, package.Version);
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
