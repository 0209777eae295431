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
}
