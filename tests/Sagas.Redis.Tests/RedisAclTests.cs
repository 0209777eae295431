using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// Sagas as a Redis ACL user with least privilege: the rule README gives operators, allowed only
/// the keys of its prefix and only the commands Sagas sends, runs the store, the streams, the
/// scheduler and the admin API; and the rule really is that narrow.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisAclTests(RedisServerFixture redis)
{
    private const string Password = "acl-test-password";
    private readonly string _prefix = $"acl-{Guid.NewGuid():N}:";
    private readonly string _user = $"sagas-{Guid.NewGuid():N}";

    // Adds a user to the fixture's server, so it needs a server this fixture owns.
    [RedisFact(TakesRedisAway = true)]
    public async Task The_whole_engine_runs_as_an_ACL_user_limited_to_its_prefix_and_the_commands_README_lists()
    {
        await CreateUserAsync();
        try
        {
            var asUser = $"{redis.Address},user={_user},password={Password}";
            await using var app = await StreamsApp.StartAsync(asUser, _prefix);
            var delivered = Guid.NewGuid();
            var lost = Guid.NewGuid();

            // Store, streams, participant and a cancelled timeout; then a timeout that fires (the scheduler).
            await app.Bus.PublishAsync(new ShipmentRequested(delivered, OverdueAfterMs: 60_000));
            await app.Bus.PublishAsync(new ShipmentRequested(lost, OverdueAfterMs: 300, ParcelGetsLost: true));
            await app.FinishedAsync(delivered);
            await app.FinishedAsync(lost);

            Assert.Equal("Dispatched", app.TransitionsOf(delivered).Last().ToState);
            Assert.Equal("Overdue", app.TransitionsOf(lost).Last().ToState);
            Assert.Equal(3, (await app.Transport.GetFlowAsync(delivered.ToString("D"), CancellationToken.None)).Count);
            // The readiness check too (PING, XLEN of the dead letters, XINFO GROUPS), and the gauges (ZCARD of the schedule).
            var health = await app.Services.GetRequiredService<RedisHealthCheck>().CheckHealthAsync(new());
            Assert.True(health.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, health.Description);
            Assert.True(health.Data.ContainsKey("max_consumer_lag"), "The consumer lag was not read");
            await app.Services.GetRequiredService<RedisGauges>().RefreshAsync(CancellationToken.None);

            // The read model of saga states: counts, a list, and a rebuild (one instance without the
            // time of its last change, as saved before the store kept it, takes it from its history).
            var index = app.Services.GetRequiredService<ISagaStateIndex>();
            var shipment = ShipmentSaga.SagaDefinition.Instance.Name;
            var counts = await index.CountByStateAsync(shipment, CancellationToken.None);
            Assert.Equal(2, counts.Sum(c => c.Count));
            using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.Address))
            {
                await admin.GetDatabase().HashDeleteAsync(new RedisKeys(_prefix).State(new SagaKey(shipment, delivered.ToString("D"))), "changed");
            }

            Assert.Equal(2, await index.RebuildAsync(shipment, CancellationToken.None));
            Assert.Equal(counts, await index.CountByStateAsync(shipment, CancellationToken.None));
            Assert.Single(await index.ListAsync(shipment, "Dispatched", DateTimeOffset.UtcNow.AddMinutes(1), 0, 10, CancellationToken.None));

            // The admin API: an instance in full (its outbox, its scheduled messages), the deletion of a finished one, the services' backlog.
            var sagaAdmin = app.Services.GetRequiredService<ISagaAdmin>();
            Assert.NotNull(await sagaAdmin.GetInstanceAsync(shipment, lost.ToString("D"), CancellationToken.None));
            Assert.True(await sagaAdmin.DeleteAsync(shipment, delivered.ToString("D"), "ops@example.com", CancellationToken.None));
            Assert.Contains(await app.Services.GetRequiredService<ITransportBacklog>().GetBacklogAsync(CancellationToken.None), s => s.Service == "shipping");

            // Only the client's own probes at connect, which it goes on without, as README says.
            Assert.Empty((await DeniedAsync()).Except(["command config|get", "command get", "command subscribe"]));

            // The rule is narrow: a key outside the prefix, and a command Sagas never sends, are refused.
            using var asUserRaw = await ConnectionMultiplexer.ConnectAsync(asUser);
            var outside = await Assert.ThrowsAsync<RedisServerException>(() => asUserRaw.GetDatabase().StringSetAsync("elsewhere:" + _prefix, "x"));
            Assert.Contains("NOPERM", outside.Message, StringComparison.Ordinal);
            var command = await Assert.ThrowsAsync<RedisServerException>(() => asUserRaw.GetDatabase().StringSetAsync(_prefix + "x", "x")); // SET: a key delete may go as UNLINK, which the read model's rebuild needs
            Assert.Contains("NOPERM", command.Message, StringComparison.Ordinal);
        }
        finally
        {
            await RawRedis.SendAsync(redis.Port, $"ACL DELUSER {_user}", CancellationToken.None);
        }
    }

    private async Task CreateUserAsync()
    {
        var reply = await RawRedis.SendAsync(redis.Port, ReadmeAcl.Rule(_user, Password, _prefix), CancellationToken.None);
        Assert.True(reply == "+OK", $"ACL SETUSER answered {reply}");
        await RawRedis.SendAsync(redis.Port, "ACL LOG RESET", CancellationToken.None);
    }

    // What the server refused this test's user, from ACL LOG: the commands README's rule lacks.
    private async Task<List<string>> DeniedAsync()
    {
        using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        var entries = (RedisResult[])(await admin.GetDatabase().ExecuteAsync("ACL", "LOG", "100"))!;
        return [.. entries
            .Select(e => ((RedisResult[])e!).Select(f => f.ToString()).ToArray())
            .Where(f => f[Array.IndexOf(f, "username") + 1] == _user)
            .Select(f => $"{f[Array.IndexOf(f, "reason") + 1]} {f[Array.IndexOf(f, "object") + 1]}")];
    }
}
