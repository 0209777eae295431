using System.IO.Compression;
using System.Xml.Linq;

namespace Sagas.Packaging.Tests;

/// <summary>A .nupkg as NuGet reads it: its nuspec and its files.</summary>
public sealed class PackedPackage
{
    private PackedPackage(string path, XElement nuspec, IReadOnlyDictionary<string, byte[]> entries)
    {
        Path = path;
        Nuspec = nuspec;
        Entries = entries;
    }

    public string Path { get; }

    public XElement Nuspec { get; }

    /// <summary>Every file, by its path in the package.</summary>
    public IReadOnlyDictionary<string, byte[]> Entries { get; }

    public string Id => Metadata("id")!;

    public string Version => Metadata("version")!;

    public static PackedPackage Read(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.ToDictionary(e => e.FullName, ReadAll);
        var nuspec = entries.Single(e => e.Key.EndsWith(".nuspec", StringComparison.Ordinal) && !e.Key.Contains('/'));
        using var stream = new MemoryStream(nuspec.Value);
        return new PackedPackage(path, XElement.Load(stream), entries);
    }

    /// <summary>A metadata element's text, or null; matched by local name, as the nuspec namespace changes with NuGet's version.</summary>
    public string? Metadata(string name) => Element(name)?.Value;

    public XElement? Element(string name) =>
        Nuspec.Elements().Single(e => e.Name.LocalName == "metadata").Elements().SingleOrDefault(e => e.Name.LocalName == name);

    /// <summary>The package's dependencies, in every target framework group.</summary>
    public IReadOnlyList<XElement> Dependencies() => [.. Nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")];

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
