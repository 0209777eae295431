using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sagas.Inspector.Tests;

/// <summary>The inspector's API in the test host: what it shows, who may read, who may repair, and how.</summary>
public sealed class InspectorApiTests
{
    private static readonly string Parcel = ParcelSaga.SagaDefinition.Instance.Name;
    private static readonly IPAddress Remote = IPAddress.Parse("203.0.113.7");

    [Fact]
    public async Task The_overview_counts_each_state_as_the_store_does()
    {
        await using var app = await InspectorApp.StartAsync();
        await app.PublishAsync(new ParcelSent("p1"));
        await app.PublishAsync(new ParcelSent("p2"));
        await app.WaitForStateAsync("p1", "InTransit");
        await app.WaitForStateAsync("p2", "InTransit");
        await app.PublishAsync(new ParcelDelivered("p2"));
        await app.WaitForStateAsync("p2", "Delivered");

        var overview = await app.Client().GetFromJsonAsync<JsonElement>("/sagas/api/overview");

        var saga = overview.GetProperty("sagas").EnumerateArray().Single(s => s.GetProperty("name").GetString() == Parcel);
        var counts = saga.GetProperty("states").EnumerateArray().ToDictionary(s => s.GetProperty("state").GetString()!, s => s.GetProperty("count").GetInt64());
        var store = (await app.Admin.GetSagaTypesAsync(default)).Single(t => t.Name == Parcel).Counts.ToDictionary(c => c.State, c => c.Count);
        Assert.Equal(store, counts);
        Assert.Equal((1, 1), (counts["InTransit"], counts["Delivered"]));
        Assert.True(saga.GetProperty("runsHere").GetBoolean());
    }

    [Fact]
    public async Task Without_authorization_a_request_from_another_machine_is_refused_and_a_local_one_served()
    {
        await using var app = await InspectorApp.StartAsync();
        var client = app.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/sagas/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/sagas/api/overview")).StatusCode);

        app.RemoteAddress = Remote;
        var page = await client.GetAsync("/sagas/");
        var api = await client.GetAsync("/sagas/api/overview");
        var script = await client.GetAsync("/sagas/assets/inspector.js");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (page.StatusCode, api.StatusCode, script.StatusCode));
        Assert.Contains("RequireAuthorization", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_apps_authorization_a_remote_user_of_the_policy_reads_and_others_do_not()
    {
        await using var app = await InspectorApp.StartAsync(requireAuthorization: true);
        app.RemoteAddress = Remote;

        Assert.Equal(HttpStatusCode.OK, (await app.Client("olga", "ops").GetAsync("/sagas/api/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client("mallory", "sales").GetAsync("/sagas/api/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync("/sagas/api/overview")).StatusCode);
    }

    [Fact]
    public async Task Repairs_are_refused_without_a_write_policy_without_its_role_and_without_an_anti_forgery_token()
    {
        await using (var readOnly = await InspectorApp.StartAsync())
        {
            var refused = await readOnly.Client().PostAsync("/sagas/api/dead-letters/replay", null);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("WritePolicy", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var session = await readOnly.Client().GetFromJsonAsync<JsonElement>("/sagas/api/session");
            Assert.False(session.GetProperty("canWrite").GetBoolean());
            Assert.Equal(JsonValueKind.Null, session.GetProperty("token").ValueKind);
        }

        await using var app = await InspectorApp.StartAsync(writePolicy: "ops-write");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client("olga", "ops").PostAsync("/sagas/api/dead-letters/replay", null)).StatusCode);
        var forged = await app.Client("ada", "ops-admin").PostAsync("/sagas/api/dead-letters/replay", null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("anti-forgery", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var writer = await app.WriterAsync("ada", "ops-admin");
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsync("/sagas/api/dead-letters/replay", null)).StatusCode);
    }

    [Fact]
    public async Task A_dead_letter_replayed_through_the_api_moves_its_saga_on_and_says_who_replayed_it()
    {
        await using var app = await InspectorApp.StartAsync(writePolicy: "ops-write");
        app.Printer.Jammed = true;
        await app.PublishAsync(new ParcelSent("jammed"));
        var letter = Assert.Single(await app.WaitForDeadLettersAsync(1));
        Assert.Equal("PrintLabel", letter.MessageType);
        var writer = await app.WriterAsync("ada", "ops-admin");

        var shown = await writer.GetFromJsonAsync<JsonElement>($"/sagas/api/dead-letters/{letter.Id}");
        app.Printer.Jammed = false;
        var replayed = await writer.PostAsync($"/sagas/api/dead-letters/{letter.Id}/replay", null);

        Assert.Contains("jammed", shown.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        await app.WaitForStateAsync("jammed", "InTransit");
        Assert.Empty(await app.Services.GetRequiredService<IDeadLetters>().ListAsync(new DeadLetterQuery(), default));
        Assert.Equal(HttpStatusCode.NotFound, (await writer.PostAsync($"/sagas/api/dead-letters/{letter.Id}/replay", null)).StatusCode);
    }

    [Fact]
    public async Task Dead_letters_are_filtered_replayed_all_at_once_and_deleted_through_the_api()
    {
        await using var app = await InspectorApp.StartAsync(writePolicy: "ops-write");
        app.Printer.Jammed = true;
        foreach (var parcel in new[] { "a", "b", "c" })
        {
            await app.PublishAsync(new ParcelSent(parcel));
        }

        var letters = await app.WaitForDeadLettersAsync(3);
        var writer = await app.WriterAsync("ada", "ops-admin");
        var matching = await writer.GetFromJsonAsync<JsonElement>("/sagas/api/dead-letters?type=PrintLabel&reason=jammed");
        var none = await writer.GetFromJsonAsync<JsonElement>("/sagas/api/dead-letters?type=ParcelSent");
        var deleted = await writer.DeleteAsync($"/sagas/api/dead-letters/{letters.Single(l => l.CorrelationId == "c").Id}");
        app.Printer.Jammed = false;
        var replayed = await (await writer.PostAsync("/sagas/api/dead-letters/replay?type=PrintLabel", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(3, matching.GetArrayLength());
        Assert.Equal(0, none.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(2, replayed.GetProperty("count").GetInt32());
        await app.WaitForStateAsync("a", "InTransit");
        await app.WaitForStateAsync("b", "InTransit");
        Assert.Equal("AwaitingLabel", (await app.Admin.GetInstanceAsync(Parcel, "c", default))!.State); // its command deleted, never replayed
        Assert.Empty(await app.Services.GetRequiredService<IDeadLetters>().ListAsync(new DeadLetterQuery(), default));
    }

    [Fact]
    public async Task A_message_sent_to_an_instance_moves_it_on_with_a_note_of_who_sent_it()
    {
        await using var app = await InspectorApp.StartAsync(writePolicy: "ops-write");
        app.Printer.Jammed = true;
        await app.PublishAsync(new ParcelSent("by-hand"));
        await app.WaitForDeadLettersAsync(1);
        var writer = await app.WriterAsync("ada", "ops-admin");

        var wrong = await writer.PostAsJsonAsync($"/sagas/api/sagas/{Parcel}/instances/by-hand/messages", new { type = "ParcelDelivered", body = new { parcelId = "by-hand" } });
        var sent = await writer.PostAsJsonAsync($"/sagas/api/sagas/{Parcel}/instances/by-hand/messages", new { type = "LabelPrinted", body = new { parcelId = "by-hand" } });

        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        Assert.Contains("accepts LabelPrinted", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        await app.WaitForStateAsync("by-hand", "InTransit");
        var instance = await writer.GetFromJsonAsync<JsonElement>($"/sagas/api/sagas/{Parcel}/instances/by-hand");
        Assert.Contains(instance.GetProperty("history").EnumerateArray(), e => e.GetProperty("note").GetString() == "sent LabelPrinted by ada");
    }

    [Fact]
    public async Task An_instance_comes_with_its_state_data_history_diagram_and_scheduled_timeout()
    {
        await using var app = await InspectorApp.StartAsync();
        await app.PublishAsync(new ParcelSent("full"));
        await app.WaitForStateAsync("full", "InTransit");

        var instance = await app.Client().GetFromJsonAsync<JsonElement>($"/sagas/api/sagas/{Parcel}/instances/full");

        Assert.Equal("InTransit", instance.GetProperty("state").GetString());
        Assert.Contains("secret-free note", instance.GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.Equal(["ParcelSent", "LabelPrinted"], instance.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("messageType").GetString()));
        Assert.Equal(["ParcelDelivered", "ParcelLost"], instance.GetProperty("accepts").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Contains(instance.GetProperty("diagram").GetProperty("states").EnumerateArray(), s => s.GetString() == "Lost");
        Assert.Contains(instance.GetProperty("flow").EnumerateArray(), m => m.GetProperty("messageType").GetString() == "PrintLabel");
        var scheduled = Assert.Single(instance.GetProperty("scheduled").EnumerateArray());
        Assert.Equal("ParcelLost", scheduled.GetProperty("messageType").GetString());
        Assert.Equal(1, scheduled.GetProperty("version").GetInt32()); // the version of its body
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/sagas/api/sagas/{Parcel}/instances/none")).StatusCode);
        var unknown = await app.Client().GetAsync("/sagas/api/sagas/NoSuchSaga/instances/full");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains(Parcel, await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finished_instance_is_deleted_through_the_api_and_a_live_one_is_not()
    {
        await using var app = await InspectorApp.StartAsync(writePolicy: "ops-write");
        await app.PublishAsync(new ParcelSent("done"));
        await app.WaitForStateAsync("done", "InTransit");
        var writer = await app.WriterAsync("ada", "ops-admin");

        var live = await writer.DeleteAsync($"/sagas/api/sagas/{Parcel}/instances/done");
        await app.PublishAsync(new ParcelDelivered("done"));
        await app.WaitForStateAsync("done", "Delivered");
        var deleted = await writer.DeleteAsync($"/sagas/api/sagas/{Parcel}/instances/done");

        Assert.Equal(HttpStatusCode.Conflict, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Null(await app.Admin.GetInstanceAsync(Parcel, "done", default));
    }

    [Fact]
    public async Task The_page_and_its_files_are_embedded_and_served_with_a_strict_content_policy()
    {
        await using var app = await InspectorApp.StartAsync();
        var client = app.Client();

        var redirect = await client.GetAsync("/sagas"); // the test host's client follows no redirect
        var page = await client.GetAsync("/sagas/");
        var script = await client.GetAsync("/sagas/assets/diagram.js");

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/sagas/", redirect.Headers.Location?.OriginalString);
        Assert.Contains("assets/inspector.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sagas/assets/nothing.js")).StatusCode);
    }

    [Fact]
    public async Task A_write_policy_the_app_does_not_define_stops_the_mapping_with_its_name()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSagas();
        builder.Services.AddSagasInspector(o => o.WritePolicy = "ops-wrte");
        builder.Services.AddAuthorization(o => o.AddPolicy("ops-write", p => p.RequireRole("ops-admin")));
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapSagasInspector("/sagas"));

        Assert.Contains("'ops-wrte'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_the_page_without_its_services_says_what_to_call()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.Services.AddSagas();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapSagasInspector("/sagas"));

        Assert.Contains("AddSagasInspector()", error.Message, StringComparison.Ordinal);
    }
}
