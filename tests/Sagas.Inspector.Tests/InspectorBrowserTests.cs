using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sagas.Inspector.Tests;

/// <summary>The page in a real browser (Debian's Chromium through Playwright), on the test saga in memory.</summary>
public sealed class InspectorBrowserTests
{
    [Fact]
    public async Task A_request_from_another_machine_through_the_proxy_is_refused_without_authorization()
    {
        await using var app = await InspectorApp.StartAsync(behindProxy: true);
        await using var browser = await Browser.LaunchAsync();

        var local = await browser.OpenAsync($"{app.Url}/sagas/");
        var remote = await browser.OpenAsync($"{app.Url}/sagas/", new() { ["X-Forwarded-For"] = "203.0.113.7" });

        await Expect(local.Locator(".saga h2").First).ToContainTextAsync("ParcelSaga");
        await Expect(remote.Locator("body")).ToContainTextAsync("local requests only");
        var api = await remote.APIRequest.GetAsync($"{app.Url}/sagas/api/overview", new() { Headers = new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.7" } });
        Assert.Equal(403, api.Status);
    }

    [Fact]
    public async Task With_refresh_on_the_overview_follows_the_store_without_a_reload()
    {
        await using var app = await InspectorApp.StartAsync(behindProxy: true);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenAsync($"{app.Url}/sagas/");
        var inTransit = page.Locator($".saga a.state[data-state=InTransit]");
        await Expect(inTransit).ToHaveAttributeAsync("data-count", "0");

        await page.Locator("[data-testid=refresh]").CheckAsync();
        await app.PublishAsync(new ParcelSent("refreshed"));
        await app.WaitForStateAsync("refreshed", "InTransit");

        await Expect(inTransit).ToHaveAttributeAsync("data-count", "1", new() { Timeout = 15_000 });
        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=refresh]")).ToBeCheckedAsync(); // remembered
    }

    [Fact]
    public async Task A_message_sent_from_the_instance_page_moves_the_saga_on_and_the_diagram_follows()
    {
        await using var app = await InspectorApp.StartAsync(writePolicy: "ops-write", behindProxy: true);
        app.Printer.Jammed = true;
        await app.PublishAsync(new ParcelSent("from-page"));
        await app.WaitForDeadLettersAsync(1);
        await using var browser = await Browser.LaunchAsync();
        var saga = ParcelSaga.SagaDefinition.Instance.Name;
        var page = await browser.OpenAsync($"{app.Url}/sagas/#/sagas/{saga}/instances/from-page", new() { [HeaderUser.UserHeader] = "ada", [HeaderUser.RolesHeader] = "ops-admin" });

        await Expect(page.Locator("[data-testid=state]")).ToHaveTextAsync("AwaitingLabel");
        await Expect(page.Locator(".diagram .node.current")).ToHaveAttributeAsync("data-state", "AwaitingLabel");
        await page.Locator("[data-testid=send-type]").SelectOptionAsync("LabelPrinted");
        await page.Locator("[data-testid=send-body]").FillAsync("{\"parcelId\": \"from-page\"}");
        await page.Locator("[data-testid=send]").ClickAsync();
        await Expect(page.Locator("[data-testid=done]")).ToContainTextAsync("Sent LabelPrinted");
        await app.WaitForStateAsync("from-page", "InTransit");
        await page.ReloadAsync();

        await Expect(page.Locator(".diagram .node.current")).ToHaveAttributeAsync("data-state", "InTransit");
        await Expect(page.Locator(".diagram .edge.taken[data-from=AwaitingLabel][data-to=InTransit]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=history] li.note")).ToContainTextAsync("sent LabelPrinted by ada");
        await Expect(page.Locator("[data-testid=scheduled]")).ToContainTextAsync("ParcelLost");
    }
}
