using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sagas;

namespace Sagas.Inspector.Tests;

/// <summary>
/// An app with the parcel saga in memory, a worker and the inspector at /sagas, in the test host.
/// Every request comes from <see cref="RemoteAddress"/>; a <c>X-Test-User</c> header signs in as
/// that user, with the roles listed in <c>X-Test-Roles</c>.
/// </summary>
public sealed class InspectorApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InspectorApp(WebApplication app) => _app = app;

    public IPAddress RemoteAddress { get; set; } = IPAddress.Loopback;

    public IServiceProvider Services => _app.Services;

    /// <summary>Where Kestrel serves, behind the proxy.</summary>
    public string Url => _app.Urls.First();

    public Printer Printer => Services.GetRequiredService<Printer>();

    public ISagaAdmin Admin => Services.GetRequiredService<ISagaAdmin>();

    /// <param name="writePolicy">The policy named for repairs, if any ("ops-write": role ops-admin).</param>
    /// <param name="requireAuthorization">Whether the app chains RequireAuthorization("ops") (role ops).</param>
    /// <param name="behindProxy">
    /// Whether to serve on Kestrel at <see cref="Url"/> behind a reverse proxy on this machine, which
    /// says who the client is in <c>X-Forwarded-For</c>, rather than in the test host.
    /// </param>
    public static async Task<InspectorApp> StartAsync(string? writePolicy = null, bool requireAuthorization = false, bool behindProxy = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (behindProxy)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Services.AddSingleton<Printer>();
        builder.Services.AddSagas(o => o.RetryDelays = [TimeSpan.FromMilliseconds(10)]).AddLabelPrinter().AddHostedWorker();
        builder.Services.AddSagasInspector(o => o.WritePolicy = writePolicy);
        builder.Services.AddAuthentication(HeaderUser.Name).AddScheme<AuthenticationSchemeOptions, HeaderUser>(HeaderUser.Name, null);
        builder.Services.AddAuthorization(o =>
        {
            o.AddPolicy("ops", p => p.RequireRole("ops"));
            o.AddPolicy("ops-write", p => p.RequireRole("ops-admin"));
        });

        var app = builder.Build();
        var inspector = new InspectorApp(app);
        if (behindProxy)
        {
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        }
        else
        {
            app.Use((context, next) =>
            {
                context.Connection.RemoteIpAddress = inspector.RemoteAddress;
                context.Connection.LocalIpAddress = IPAddress.Parse("10.1.2.3");
                return next(context);
            });
        }

        app.UseAuthentication();
        app.UseAuthorization();
        var endpoints = app.MapSagasInspector("/sagas");
        if (requireAuthorization)
        {
            endpoints.RequireAuthorization("ops");
        }

        await app.StartAsync();
        return inspector;
    }

    public HttpClient Client(string? user = null, string? roles = null)
    {
        var client = _app.GetTestClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(HeaderUser.UserHeader, user);
            client.DefaultRequestHeaders.Add(HeaderUser.RolesHeader, roles ?? "");
        }

        return client;
    }

    /// <summary>A client that has read the session, so it carries the anti-forgery cookie and token.</summary>
    public async Task<HttpClient> WriterAsync(string? user = null, string? roles = null)
    {
        var client = Client(user, roles);
        var response = await client.GetAsync("/sagas/api/session");
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = session.GetProperty("token").GetString()!;
        var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
        client.DefaultRequestHeaders.Add(session.GetProperty("headerName").GetString()!, token);
        return client;
    }

    public Task PublishAsync(object message) => Services.GetRequiredService<IMessageBus>().PublishAsync(message).AsTask();

    /// <summary>Waits until the instance is in <paramref name="state"/> (the worker runs in the background).</summary>
    public async Task WaitForStateAsync(string parcelId, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var details = await Admin.GetInstanceAsync(ParcelSaga.SagaDefinition.Instance.Name, parcelId, default);
            if (details?.State == state)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Parcel {parcelId} is in {details?.State ?? "no state"}, not {state}.");
            await Task.Delay(20);
        }
    }

    public async Task<IReadOnlyList<DeadLetterEntry>> WaitForDeadLettersAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var letters = await Services.GetRequiredService<IDeadLetters>().ListAsync(new DeadLetterQuery(), default);
            if (letters.Count >= count)
            {
                return letters;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{letters.Count} dead letter(s), not {count}.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
