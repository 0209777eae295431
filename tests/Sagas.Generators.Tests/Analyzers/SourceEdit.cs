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

    /// <summary>Marks the one occurrence of <paramref name="text"/> as the span a diagnostic is expected on.</summary>
    public static string Mark(this string source, string text) => source.Edit(text, "[|" + text + "|]");

    /// <summary>Marks <paramref name="text"/> where it follows <paramref name="before"/>, when it occurs more than once.</summary>
    public static string Mark(this string source, string before, string text) => source.Edit(before + text, before + "[|" + text + "|]");
}
