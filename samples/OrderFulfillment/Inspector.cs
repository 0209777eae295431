using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrderFulfillment;

/// <summary>
/// <c>--inspector http://127.0.0.1:5080</c>: the sample serves the Sagas inspector page there, as
/// README's Operations section mounts it; without it the sample is a plain worker service.
/// </summary>
public static class Inspector
{
    /// <summary>The policy that lets the page repair: here, a request from this machine.</summary>
    public const string RepairPolicy = "sample-local-repairs";

    /// <summary>A web app's builder when <c>--inspector</c> is given, else a worker's.</summary>
    public static IHostApplicationBuilder CreateBuilder(string[] args)
    {
        var url = new ConfigurationBuilder().AddCommandLine(args).Build()["inspector"];
        if (string.IsNullOrWhiteSpace(url))
        {
            return Host.CreateApplicationBuilder(args);
        }

        var web = WebApplication.CreateSlimBuilder(args);
        web.WebHost.UseUrls(int.TryParse(url, out var port) ? $"http://127.0.0.1:{port}" : url);
        web.Services.AddSagasInspector(o => o.WritePolicy = RepairPolicy);
        // The page's anti-forgery tokens are signed with data-protection keys: a local sample keeps
        // them in memory (an app with several instances shares its keys, as ASP.NET Core's docs say).
        web.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        web.Services.AddAuthorization(o => o.AddPolicy(RepairPolicy, p => p.RequireAssertion(c =>
            c.Resource is HttpContext http && http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip))));
        return web;
    }

    /// <summary>Builds the host, with the page mapped at <c>/sagas</c> when it is a web app.</summary>
    public static IHost Build(IHostApplicationBuilder builder)
    {
        if (builder is not WebApplicationBuilder web)
        {
            return ((HostApplicationBuilder)builder).Build();
        }

        var app = web.Build();
        // No RequireAuthorization: the page answers requests from this machine only.
        app.MapSagasInspector("/sagas");
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Inspector: {string.Join(", ", app.Urls.Select(u => u.TrimEnd('/') + "/sagas/"))}"));
        return app;
    }

    /// <summary>Whether the page is served, so the sample keeps running after its orders finish.</summary>
    public static bool IsServed(IHostApplicationBuilder builder) => builder is WebApplicationBuilder;
}
