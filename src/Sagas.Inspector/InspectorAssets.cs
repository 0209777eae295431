using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Sagas;

/// <summary>The page's files, embedded in the assembly; the page is the same for everyone, its data comes from the API.</summary>
internal static class InspectorAssets
{
    private const string Prefix = "Sagas.Inspector.assets.";

    private static readonly FrozenDictionary<string, Asset> Files = Load();

    public static async Task ServeIndexAsync(HttpContext context)
    {
        // The page's links are relative: /sagas must become /sagas/ for them to resolve under it.
        if (!context.Request.Path.Value!.EndsWith('/'))
        {
            context.Response.Redirect($"{context.Request.PathBase}{context.Request.Path}/{context.Request.QueryString}");
            return;
        }

        if (InspectorAccess.RefuseRead(context) is { } refusal)
        {
            InspectorEndpoint.Secure(context.Response);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(refusal, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, Files["index.html"]).ConfigureAwait(false);
    }

    public static Task ServeAssetAsync(HttpContext context)
    {
        // The scripts and styles hold no data; the same refusal as the page keeps the surface small.
        if (InspectorAccess.RefuseRead(context) is not null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        if (!Files.TryGetValue(context.Request.RouteValues["file"] as string ?? "", out var asset) || asset.Name == "index.html")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return WriteAsync(context, asset);
    }

    private static async Task WriteAsync(HttpContext context, Asset asset)
    {
        InspectorEndpoint.Secure(context.Response);
        // The files change only with the package: revalidated by their hash, never stale after an upgrade.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        await context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).ConfigureAwait(false);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(InspectorAssets).Assembly;
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[Prefix.Length..];
            var content = copy.ToArray();
            files[name] = new Asset(name, content, ContentType(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record Asset(string Name, byte[] Content, string ContentType, string ETag);
}
