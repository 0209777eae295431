namespace Sagas.Packaging.Tests;

/// <summary>What NuGet shows and installs, read from the packed .nupkg files.</summary>
[Collection(PackagesCollection.Name)]
public sealed class PackageContentsTests(PackagesFixture packages)
{
    public static TheoryData<string> Ids() => [.. PackagesFixture.Ids];

    [Fact]
    public void One_command_packs_every_package_a_user_needs_and_no_other()
    {
        Assert.Equal(PackagesFixture.Ids, packages.Packages.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("warning", packages.PackOutput, StringComparison.OrdinalIgnoreCase);
        var readme = File.ReadAllText(Path.Combine(DotNetCli.RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        Assert.Contains("## Install", readme, StringComparison.Ordinal);
        Assert.Contains("```sh\n" + PackagesFixture.PackCommand + "\n```", readme, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_package_carries_its_own_readme_a_description_tags_and_where_it_comes_from(string id)
    {
        var package = packages.Packages[id];

        Assert.Equal("README.md", package.Metadata("readme"));
        var readme = File.ReadAllBytes(Path.Combine(DotNetCli.RepositoryRoot(), "src", id, "README.md"));
        Assert.Equal(readme, package.Entries["README.md"]);
        Assert.StartsWith("# " + id + "\n", System.Text.Encoding.UTF8.GetString(readme), StringComparison.Ordinal);

        Assert.False(string.IsNullOrWhiteSpace(package.Metadata("description")));
        Assert.Contains("saga", package.Metadata("tags")!.Split(' '));
        Assert.Equal("MIT", package.Metadata("license"));
        Assert.Equal("https://github.com/sagas-dotnet/sagas", package.Metadata("projectUrl"));
        Assert.Equal("https://github.com/sagas-dotnet/sagas", (string?)package.Element("repository")?.Attribute("url"));
    }

    [Fact]
    public void The_generator_analyzers_and_code_fixes_ship_in_Sagas_Abstractions_only_as_built_by_this_pack()
    {
        var abstractions = packages.Packages["Sagas.Abstractions"];
        foreach (var assembly in new[] { "Sagas.Generators.dll", "Sagas.CodeFixes.dll" })
        {
            var built = Directory.GetFiles(Path.Combine(packages.Artifacts, "bin"), assembly, SearchOption.AllDirectories).Single();
            Assert.True(
                abstractions.Entries.TryGetValue("analyzers/dotnet/cs/" + assembly, out var packed) && packed.SequenceEqual(File.ReadAllBytes(built)),
                $"Sagas.Abstractions carries no {assembly} under analyzers/dotnet/cs, or another than this pack built ({built}): a stale copy.");
        }

        // Never as a library a user's code could reference, nor twice.
        var everyFile = packages.Packages.Values.SelectMany(p => p.Entries.Keys.Select(e => (p.Id, Entry: e))).ToList();
        Assert.Equal(2, everyFile.Count(f => f.Entry.EndsWith(".Generators.dll", StringComparison.Ordinal) || f.Entry.EndsWith(".CodeFixes.dll", StringComparison.Ordinal)));
        Assert.All(everyFile.Where(f => f.Entry.StartsWith("analyzers/", StringComparison.Ordinal)), f => Assert.Equal("Sagas.Abstractions", f.Id));

        // The diagram targets, beside the generator they configure, named after the package so that NuGet imports them.
        Assert.Contains("build/Sagas.Abstractions.targets", abstractions.Entries.Keys);
        Assert.Contains("buildTransitive/Sagas.Abstractions.targets", abstractions.Entries.Keys);
        // The contract baseline's targets, which those import from the same folder.
        Assert.Contains("build/Sagas.Contracts.targets", abstractions.Entries.Keys);
        Assert.Contains("buildTransitive/Sagas.Contracts.targets", abstractions.Entries.Keys);
    }

    [Fact]
    public void The_inspector_carries_its_page_inside_its_assembly()
    {
        var inspector = packages.Packages["Sagas.Inspector"];
        var assembly = inspector.Entries["lib/net10.0/Sagas.Inspector.dll"];
        var text = System.Text.Encoding.UTF8.GetString(assembly);

        // The page, its script and styles are resources of the assembly: nothing to copy, nothing fetched.
        foreach (var file in new[] { "index.html", "inspector.js", "diagram.js", "inspector.css" })
        {
            Assert.Contains("Sagas.Inspector.assets." + file, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(inspector.Entries.Keys, e => e.StartsWith("contentFiles/", StringComparison.Ordinal) || e.StartsWith("staticwebassets/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sagas", "Sagas.Abstractions")]
    [InlineData("Sagas.Hosting", "Sagas")]
    [InlineData("Sagas.Redis", "Sagas")]
    [InlineData("Sagas.Inspector", "Sagas")]
    [InlineData("Sagas.Testing", "Sagas")]
    public void The_dependency_that_leads_to_Sagas_Abstractions_excludes_no_asset_so_the_analyzers_reach_the_user(string id, string dependency)
    {
        var found = Assert.Single(packages.Packages[id].Dependencies(), d => (string?)d.Attribute("id") == dependency);

        Assert.Null(found.Attribute("exclude"));
        Assert.Equal("All", (string?)found.Attribute("include") ?? "All");
    }
}
