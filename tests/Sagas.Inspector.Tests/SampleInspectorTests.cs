using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sagas.Redis.Tests;
using static Microsoft.Playwright.Assertions;

namespace Sagas.Inspector.Tests;

/// <summary>
/// What README promises: the sample on Redis with <c>--inspector</c>, while the bank is down, then
/// an operator at the page in a real browser. Its orders wait for their payment, their captures
/// dead-lettered; the page counts them as the store does, a replayed capture moves its order on,
/// a compensated order shows its history and its diagram, and no page shows the Redis password.
/// </summary>
public sealed class SampleInspectorTests : IAsyncLifetime
{
    private const string Password = "inspector-test-secret-9f3";
    private const string Saga = "OrderFulfillment.OrderSaga";
    private readonly RedisServerFixture _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [RedisFact]
    public async Task An_operator_finds_the_orders_replays_a_dead_letter_and_reads_a_compensated_order()
    {
        Assert.True(_redis.OwnsServer, "This test sets a password on its own redis-server; unset SAGAS_REDIS.");
        await RawRedis.SendAsync(_redis.Port, $"CONFIG SET requirepass {Password}", CancellationToken.None);
        var redis = $"{_redis.Address},password={Password}";
        var port = RawRedis.FreePort();
        using var sample = SampleProcess.Start(
            "--redis", redis, "--inspector", $"http://127.0.0.1:{port}", "--telemetry", "none",
            "--Sample:Orders", "8", "--Sample:PaymentTimeout", "00:10:00", "--Sample:Failures:BankOutage", "00:00:06",
            "--Sagas:RetryDelays:0", "00:00:00.100", "--Sagas:RetryDelays:1", "00:00:00.200");
        await using var store = new ServiceCollection().AddLogging().AddSagas().UseRedis(redis).Services.BuildServiceProvider();
        var states = store.GetRequiredService<ISagaStateIndex>();
        await using var browser = await Browser.LaunchAsync();
        var seen = new List<string>();

        // The overview: every order waits for its payment, as the store counts them; 8 captures dead-lettered.
        var page = await browser.OpenAsync($"http://127.0.0.1:{port}/sagas/");
        await UntilAsync(page, () => Expect(page.Locator("[data-testid=dead-letter-count]")).ToHaveTextAsync("8 dead letter(s)", new() { Timeout = 1_000 }), sample);
        var counted = (await states.CountByStateAsync(Saga, default)).ToDictionary(c => c.State, c => c.Count);
        Assert.Equal(8, counted["AwaitingPayment"]);
        foreach (var (state, count) in counted)
        {
            await Expect(page.Locator($".saga[data-saga='{Saga}'] a.state[data-state='{state}']")).ToHaveAttributeAsync("data-count", count.ToString());
        }

        await Expect(page.Locator("[data-testid=backlog] tr[data-service=OrderFulfillment]")).ToHaveCountAsync(1);
        seen.Add(await page.ContentAsync());

        // One dead letter, in full, replayed once the bank is back: its order moves on.
        await page.Locator("[data-testid=dead-letter-count]").ClickAsync();
        await page.Locator("[data-testid=dead-letters] tbody tr a").First.ClickAsync();
        await Expect(page.Locator("[data-testid=dead-letter]")).ToContainTextAsync("The bank is unreachable");
        var order = await page.Locator("[data-testid=dead-letter] tr:has(th:text('Correlation id')) td").InnerTextAsync();
        seen.Add(await page.ContentAsync());
        // The outage runs from the first capture, which came before the first dead letter: wait it out.
        var letters = await (await page.APIRequest.GetAsync($"http://127.0.0.1:{port}/sagas/api/dead-letters")).JsonAsync();
        var first = letters!.Value.EnumerateArray().Min(l => l.GetProperty("at").GetDateTimeOffset());
        await Task.Delay(first.AddSeconds(7) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        await page.Locator("[data-testid=replay]").ClickAsync();
        await Expect(page.Locator("[data-testid=done]")).ToContainTextAsync("Replayed CapturePayment");
        await page.GotoAsync($"http://127.0.0.1:{port}/sagas/#/sagas/{Saga}/instances/{order}");
        await UntilAsync(page, () => Expect(page.Locator("[data-testid=state]")).ToHaveTextAsync(new Regex("^(Completed|Compensated)$"), new() { Timeout = 1_000 }), sample);
        var finished = await page.Locator("[data-testid=state]").InnerTextAsync();
        await Expect(page.Locator(".diagram .node.current")).ToHaveAttributeAsync("data-state", finished);
        await Expect(page.Locator(".diagram .edge.taken[data-from=AwaitingPayment][data-to=AwaitingStock]")).ToHaveCountAsync(1);

        // The rest replayed at once; the two orders of the out-of-stock item end compensated.
        await page.GotoAsync($"http://127.0.0.1:{port}/sagas/#/dead-letters");
        await page.Locator("[data-testid=replay-all]").ClickAsync();
        await Expect(page.Locator("[data-testid=done]")).ToContainTextAsync("Replayed 7");
        await page.GotoAsync($"http://127.0.0.1:{port}/sagas/#/");
        await UntilAsync(page, () => Expect(page.Locator($"a.state[data-state=Compensated]")).ToHaveAttributeAsync("data-count", "2", new() { Timeout = 1_000 }), sample);
        await UntilAsync(page, () => Expect(page.Locator($"a.state[data-state=Completed]")).ToHaveAttributeAsync("data-count", "6", new() { Timeout = 1_000 }), sample);

        // A compensated order: its history tells why, its diagram shows where it ended and how.
        await page.Locator("a.state[data-state=Compensated]").ClickAsync();
        await page.Locator("[data-testid=instances] tbody tr a").First.ClickAsync();
        await Expect(page.Locator("[data-testid=state]")).ToHaveTextAsync("Compensated");
        await Expect(page.Locator(".diagram .node.current")).ToHaveAttributeAsync("data-state", "Compensated");
        await Expect(page.Locator(".diagram .edge.taken[data-from=AwaitingStock][data-to=Compensated]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=history]")).ToContainTextAsync("StockUnavailable");
        await Expect(page.Locator("[data-testid=flow]")).ToContainTextAsync("RefundPayment");
        seen.Add(await page.ContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "inspector-instance.png"), FullPage = true });
        if (Environment.GetEnvironmentVariable("SAGAS_INSPECTOR_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = false });
        }

        // No page and no answer of the API shows the password the sample connects with.
        foreach (var api in new[] { "overview", "dead-letters", $"sagas/{Saga}/states/Compensated", "session" })
        {
            seen.Add(await (await page.APIRequest.GetAsync($"http://127.0.0.1:{port}/sagas/api/{api}")).TextAsync());
        }

        Assert.DoesNotContain(seen, text => text.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(Password, sample.Output, StringComparison.Ordinal);
    }

    // Reloads the page until the check passes (the page does not refresh itself), for up to a minute.
    private static async Task UntilAsync(IPage page, Func<Task> check, SampleProcess sample)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                await check();
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline && !sample.HasExited)
            {
                await page.ReloadAsync();
            }
            catch (PlaywrightException e)
            {
                throw new Xunit.Sdk.XunitException($"{e.Message}\nThe sample wrote:\n{sample.Output}");
            }
        }
    }
}
