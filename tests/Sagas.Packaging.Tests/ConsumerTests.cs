using System.Text.Json;
using Sagas.Redis.Tests;

namespace Sagas.Packaging.Tests;

/// <summary>
/// Builds an application laid out as a user would (<see cref="UserSolution"/>) from the packed folder
/// alone: the generator and analyzers travel inside the packages, load once in each project that
/// should run them, and generate code that builds with no warning.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class ConsumerTests : IClassFixture<RedisServerFixture>
{
    private const string RedisPassword = "orders-acl-password";
    private readonly RedisServerFixture _redis;
    private readonly string _app;
    // A private package cache: no Sagas package restored by an earlier run, under the same version, can stand in for the packed one.
    private readonly Dictionary<string, string> _environment;

    public ConsumerTests(PackagesFixture packages, RedisServerFixture redis)
    {
        _redis = redis;
        _app = Path.Combine(packages.Temp, "app");
        _environment = new() { ["NUGET_PACKAGES"] = Path.Combine(packages.Temp, "packages") };
        if (!Directory.Exists(_app))
        {
            UserSolution.Write(_app, packages.Feed, packages.Packages["Sagas"].Version);
        }
    }

    [Fact]
    public async Task Contracts_services_and_tests_build_from_the_packages_with_no_warning_and_the_tests_pass()
    {
        // The application's tests run its saga's Stateless machine, one order in the test harness
        // (Sagas.Testing), one in memory, one published with MediatR and one on Redis: the address
        // and an ACL user limited to orders:* (README's rule) from the environment, the rest from
        // its appsettings.json.
        var environment = new Dictionary<string, string>(_environment);
        string[] filter = [];
        if (RedisFactAttribute.SkipRequested)
        {
            filter = ["--filter", "FullyQualifiedName!~On_Redis"];
        }
        else
        {
            environment["Sagas__Redis__Configuration"] = await RedisUserAsync("orders:");
        }

        var output = await DotNetCli.RunAsync(_app, environment, ["test", "Orders.slnx", "-tl:off", "--disable-build-servers", .. filter]);

        // A compiler warning here would mean the generator or the analyzers failed to load (CS8032,
        // CS9057), threw (CS8784, CS8785) or were loaded twice (CS8785, or each diagnostic twice).
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"Passed!  - Failed:     0, Passed:     {(RedisFactAttribute.SkipRequested ? 4 : 5)}", output, StringComparison.Ordinal);

        // Each service gets the generator and the analyzers once, however many references lead to
        // Sagas.Abstractions: Orders.Service through Sagas.Redis and Sagas.Hosting (both lead to Sagas),
        // Payments.Service through Sagas and Sagas.Abstractions directly; both through the contracts.
        foreach (var service in new[] { "Orders.Service", "Payments.Service" })
        {
            var analyzers = await DotNetCli.RunAsync(_app, _environment, "msbuild", service, "-t:ResolveLockFileAnalyzers", "-getItem:Analyzer");
            var paths = JsonDocument.Parse(analyzers).RootElement.GetProperty("Items").GetProperty("Analyzer").EnumerateArray()
                .Select(a => Path.GetFileName(a.GetProperty("Identity").GetString()!)).ToList();
            Assert.Equal(1, paths.Count(p => p == "Sagas.Generators.dll"));
            Assert.Equal(1, paths.Count(p => p == "Sagas.CodeFixes.dll"));
        }

        // SagasEmitDiagrams, set for the whole build: the service's saga is drawn, and the projects
        // without a saga (the contracts, the tests) build all the same.
        var diagrams = Path.Combine(_app, "Orders.Service", "obj", "Debug", "net10.0", "sagas");
        Assert.StartsWith("stateDiagram-v2\n    [*] --> AwaitingShipment : OrderPlaced\n", ReadDiagram(diagrams, "Orders.Service.OrderSaga.mmd"), StringComparison.Ordinal);
        Assert.StartsWith("digraph \"OrderSaga\" {\n    rankdir=LR;\n", ReadDiagram(diagrams, "Orders.Service.OrderSaga.dot"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contracts_project_that_references_only_Sagas_Abstractions_gets_the_message_rules()
    {
        var (exitCode, output) = await DotNetCli.RunUncheckedAsync(_app, _environment, "build", "Drafts", "-tl:off", "--disable-build-servers");

        Assert.NotEqual(0, exitCode); // SAGA021 is an error
        Assert.Contains("warning SAGA001: Event 'PlaceOrder'", output, StringComparison.Ordinal);
        Assert.Contains("warning SAGA002: ", output, StringComparison.Ordinal);
        Assert.Contains("error SAGA021: ", output, StringComparison.Ordinal);
        // Each once (the console logger repeats every diagnostic in its summary): the analyzers ran once.
        Assert.Equal(2, Count(output, "warning SAGA001"));
        Assert.Equal(2, Count(output, "warning SAGA002"));
        Assert.DoesNotContain(": warning CS", output, StringComparison.Ordinal);
        Assert.DoesNotContain(": error CS", output, StringComparison.Ordinal);
    }

    // A configuration string for the test server: as an ACL user made by README's rule when the
    // server is this fixture's own, as the server's default user when SAGAS_REDIS names another.
    private async Task<string> RedisUserAsync(string prefix)
    {
        if (!_redis.OwnsServer)
        {
            return _redis.Address;
        }

        var user = $"orders-{Guid.NewGuid():N}";
        var reply = await RawRedis.SendAsync(_redis.Port, ReadmeAcl.Rule(user, RedisPassword, prefix), CancellationToken.None);
        Assert.True(reply == "+OK", $"ACL SETUSER answered {reply}");
        return $"{_redis.Address},user={user},password={RedisPassword}";
    }

    private static int Count(string text, string value) =>
        text.Split(value).Length - 1;

    private static string ReadDiagram(string folder, string name)
    {
        var found = Directory.Exists(folder) ? Directory.GetFiles(folder).Select(Path.GetFileName) : [];
        Assert.True(File.Exists(Path.Combine(folder, name)), $"The build wrote no {name} in {folder}; found: [{string.Join(", ", found)}].");
        return File.ReadAllText(Path.Combine(folder, name));
    }
}
