namespace Sagas.Generators.Tests.Analyzers;

/// <summary>Turns a shared valid source into a test case by one visible edit.</summary>
internal static class SourceEdit
{
    /// <summary>
    /// Replaces the single occurrence of <paramref name="from"/>. Fails when it is missing or
    /// repeated, so a test cannot pass by running on the unedited source.
    /// </summary>
    public static string Edit(this string source, string from, string to)
    {
        var first = source.IndexOf(from, StringComparison.Ordinal);
        Assert.True(first >= 0, $"The source has no '{from}' to edit.");
        Assert.True(source.IndexOf(from, first + 1, StringComparison.Ordinal) < 0, $"The source has '{from}' more than once.");
        return string.Concat(source.AsSpan(0, first), to, source.AsSpan(first + from.Length));
    }
}
