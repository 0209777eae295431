namespace Sagas.Redis.Tests;

/// <summary>
/// The least-privilege rule README's "Running on Redis" gives operators, read from README itself,
/// so the tests that run as such a user prove the rule users copy.
/// </summary>
public static class ReadmeAcl
{
    /// <summary>README's <c>ACL SETUSER</c> line for <paramref name="user"/>, <paramref name="password"/> and <paramref name="prefix"/>.</summary>
    public static string Rule(string user, string password, string prefix)
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var rule = Assert.Single(readme, l => l.StartsWith("ACL SETUSER sagas ", StringComparison.Ordinal));
        Assert.Contains(" >PASSWORD ", rule, StringComparison.Ordinal);
        Assert.Contains(" ~sagas:* ", rule, StringComparison.Ordinal);
        return rule
            .Replace("ACL SETUSER sagas ", $"ACL SETUSER {user} ", StringComparison.Ordinal)
            .Replace(" >PASSWORD ", $" >{password} ", StringComparison.Ordinal)
            .Replace(" ~sagas:* ", $" ~{prefix}* ", StringComparison.Ordinal);
    }

    /// <summary>The folder of Sagas.sln, above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "Sagas.sln")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException($"No Sagas.sln above {AppContext.BaseDirectory}.");
    }
}
