using System.Runtime.CompilerServices;

namespace Sagas.Generators.Tests.Generator;

/// <summary>
/// Compares generated files with checked-in snapshots byte for byte. A difference fails the test;
/// run the tests with SAGAS_UPDATE_SNAPSHOTS=1 to rewrite the snapshots on purpose, then review the diff.
/// </summary>
internal static class Snapshot
{
    public static void Match(IReadOnlyDictionary<string, string> generated, string scenario, [CallerFilePath] string callerPath = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerPath)!, "..", "Snapshots", scenario);
        if (Environment.GetEnvironmentVariable("SAGAS_UPDATE_SNAPSHOTS") == "1")
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(folder);
            foreach (var (hint, text) in generated)
            {
                File.WriteAllText(Path.Combine(folder, hint), text);
            }
        }

        Assert.True(Directory.Exists(folder), $"No snapshots in {folder}; run with SAGAS_UPDATE_SNAPSHOTS=1 once and review them.");
        var expected = Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        Assert.Equal(expected.Keys.Order(), generated.Keys.Order());
        foreach (var (hint, text) in generated)
        {
            Assert.True(expected[hint] == text, $"{hint} differs from its snapshot in {folder}. If the change is intended, "
                + "run with SAGAS_UPDATE_SNAPSHOTS=1 and review the diff.\n--- generated ---\n" + text);
        }
    }
}
