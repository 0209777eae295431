using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>
/// The Streams transport, the outbox relay and the Redis scheduler, through real hosts with
/// workers against the fixture's redis-server.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStreamsTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = $"streams-{Guid.NewGuid():N}:";
    private ConnectionMultiplexer _raw = null!;

    private IDatabase Raw => _raw.GetDatabase();

    public async Task InitializeAsync()
    {
        if (!RedisFactAttribute.SkipRequested)
        {
            _raw = await ConnectionMultiplexer.ConnectAsync(redis.Address);
        }
    }

    public Task DisposeAsync()
    {
        _raw?.Dispose();
        return Task.CompletedTask;
    }

    [RedisFact]
    public async Task A_saga_and_its_participant_talk_over_streams_and_the_reply_cancels_the_timeout()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        var id = Guid.NewGuid();

        await app.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 60_000));
        await app.FinishedAsync(id);

        Assert.Equal(["Dispatching", "Dispatched"], app.TransitionsOf(id).Select(t => t.ToState));
        Assert.Equal(1, ParcelService.Dispatches[id]);
        await StreamsApp.EventuallyAsync(() => Raw.SortedSetLength(_prefix + "schedule:{timeouts}:due") == 0, "the cancelled timeout to leave the schedule");
        Assert.Equal(0, Raw.HashLength(_prefix + "schedule:{timeouts}:envelopes"));
    }

    [RedisFact]
    public async Task A_compensation_confirmed_in_time_cancels_its_timeout_in_the_schedule()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        var id = Guid.NewGuid();

        // One at a time: the three go over three streams, which keep no order between them.
        await app.Bus.PublishAsync(new SeatRequested(id));
        await StreamsApp.EventuallyAsync(() => app.TransitionsOf(id).Count == 1, "the seat saga to start");
        await app.Bus.PublishAsync(new SeatHeld(id));
        await StreamsApp.EventuallyAsync(() => app.TransitionsOf(id).Count == 2, "the seat to be held");
        await app.Bus.PublishAsync(new SeatPaymentFailed(id));
        await app.FinishedAsync(id);

        Assert.Equal(["Holding", "Held", "Compensating", "Released"], app.TransitionsOf(id).Select(t => t.ToState));
        // Well within the 30 s CompensationTimeout: only the confirmation's cancellation empties it.
        await StreamsApp.EventuallyAsync(() => Raw.SortedSetLength(_prefix + "schedule:{timeouts}:due") == 0, "the confirmed compensation's timeout to leave the schedule", seconds: 10);
        Assert.Equal(0, Raw.HashLength(_prefix + "schedule:{timeouts}:envelopes"));
    }

    [RedisFact]
    public async Task The_flow_of_a_correlation_id_lists_every_message_across_services_in_order()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        var id = Guid.NewGuid();

        await app.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 60_000));
        await app.FinishedAsync(id);
        var flow = await app.Transport.GetFlowAsync(id.ToString("D"), CancellationToken.None);

        // The request (application code), the command (the saga), the reply (the participant), each caused by the one before.
        Assert.Equal(["test.shipment-requested", "test.dispatch-parcel", "test.parcel-dispatched"], flow.Select(e => e.MessageType));
        Assert.Equal(flow[0].MessageId, flow[1].CausationId);
        Assert.Equal(flow[1].MessageId, flow[2].CausationId);
        Assert.Contains(id.ToString("D"), System.Text.Encoding.UTF8.GetString(flow[2].Body.Span));
        var expiresIn = await Raw.KeyTimeToLiveAsync(_prefix + $"flow:{{{id:D}}}");
        Assert.InRange(expiresIn!.Value, TimeSpan.FromHours(23), TimeSpan.FromDays(1)); // FlowLogRetention after the last message
    }

    [RedisFact]
    public async Task A_timeout_fires_once_after_its_delay()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        var id = Guid.NewGuid();
        var requested = DateTimeOffset.UtcNow;

        await app.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 300, ParcelGetsLost: true));
        await app.FinishedAsync(id);

        Assert.Equal(["Dispatching", "Overdue"], app.TransitionsOf(id).Select(t => t.ToState));
        var fired = await RangeAsync(_prefix + "stream:{p0}:test.shipment-overdue");
        var entry = Assert.Single(fired); // published into the stream exactly once
        var sentAt = DateTimeOffset.Parse(Field(entry, "sentAt"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(DateTimeOffset.UtcNow - requested >= TimeSpan.FromMilliseconds(300), "fired before its delay");
        Assert.Equal(id, Guid.Parse(Field(entry, "correlationId")));
        Assert.True(sentAt >= requested);
    }

    [RedisFact]
    public async Task A_scheduled_timeout_survives_a_restart_of_every_worker()
    {
        var id = Guid.NewGuid();
        await using (var first = await StreamsApp.StartAsync(redis.Address, _prefix))
        {
            await first.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 1500, ParcelGetsLost: true));
            await StreamsApp.EventuallyAsync(() => first.TransitionsOf(id).Count == 1, "the saga to start");
        }

        await using var second = await StreamsApp.StartAsync(redis.Address, _prefix);
        await second.FinishedAsync(id);

        Assert.Equal("Overdue", Assert.Single(second.TransitionsOf(id)).ToState);
    }

    [RedisFact]
    public async Task An_unreadable_scheduled_message_is_moved_to_the_dead_letter_stream()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false);
        await Raw.HashSetAsync(_prefix + "schedule:{timeouts}:envelopes", "garbled", "{not an envelope");
        await Raw.SortedSetAddAsync(_prefix + "schedule:{timeouts}:due", "garbled", 0);

        await StreamsApp.EventuallyAsync(() => Length(_prefix + "dead-letters") == 1, "the scheduled message to be dead-lettered");

        var dead = Assert.Single(await RangeAsync(_prefix + "dead-letters"));
        Assert.Equal("{not an envelope", Field(dead, "envelope"));
        Assert.Contains("cannot be read", Field(dead, "dead.reason"));
        Assert.Equal(0, Raw.SortedSetLength(_prefix + "schedule:{timeouts}:due"));
    }

    [RedisFact]
    public async Task A_message_published_twice_moves_the_saga_once_and_sends_once()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        var id = Guid.NewGuid();
        var envelope = TestMessages.Wrap(new ShipmentRequested(id, OverdueAfterMs: 60_000));

        await app.Transport.PublishAsync(envelope, CancellationToken.None);
        await app.Transport.PublishAsync(envelope, CancellationToken.None);
        await app.FinishedAsync(id);
        await Task.Delay(2000); // room for a second, wrong, transition or dispatch to show (after the 1 s relay grace)

        Assert.Equal(["Dispatching", "Dispatched"], app.TransitionsOf(id).Select(t => t.ToState));
        Assert.Equal(1, ParcelService.Dispatches[id]);
    }

    [RedisFact]
    public async Task Every_service_gets_every_message_and_the_workers_of_one_service_share_them()
    {
        // Three transports without workers: two of service "a" (competing), one of service "b".
        await using var a1 = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, service: "a");
        await using var a2 = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, service: "a");
        await using var b = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, service: "b");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var readers = new[] { a1, a2, b }.Select(app => ReadAsync(app.Transport, stop.Token)).ToArray();
        await Task.Delay(300); // let the groups be created before publishing

        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in ids)
        {
            await a1.Bus.PublishAsync(new ParcelDispatched(id));
        }

        var expected = ids.Select(i => i.ToString("D")).Order().ToArray();
        await StreamsApp.EventuallyAsync(() => readers[0].Seen.Count + readers[1].Seen.Count == 20 && readers[2].Seen.Count == 20, "every message to be read");
        await stop.CancelAsync();

        Assert.Equal(expected, readers[0].Seen.Concat(readers[1].Seen).Order()); // each once in service "a"
        Assert.Equal(expected, readers[2].Seen.Order()); // all of them in service "b"
    }

    [RedisFact]
    public async Task A_message_a_stopped_worker_saved_but_never_acknowledged_is_taken_over_and_not_handled_twice()
    {
        var id = Guid.NewGuid();
        string crashedConsumer;
        await using (var crashed = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false))
        {
            crashedConsumer = crashed.Transport.ConsumerName;
            await crashed.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 60_000));
            await using var receiving = crashed.Transport.ReceiveAsync(CancellationToken.None).GetAsyncEnumerator();
            Assert.True(await receiving.MoveNextAsync());

            // The store step and the relay happen; the worker stops before XACK.
            await crashed.Services.GetRequiredService<SagaEngine>().HandleAsync(receiving.Current.Envelope, CancellationToken.None);
            Assert.Single(crashed.TransitionsOf(id));
        }

        await using var taker = await StreamsApp.StartAsync(redis.Address, _prefix, streams: o => o.ClaimIdleTime = TimeSpan.FromMilliseconds(300));
        await taker.FinishedAsync(id);
        await StreamsApp.EventuallyAsync(() => PendingCount("test.shipment-requested") == 0, "the taken-over message to be acknowledged");

        Assert.Equal(["Dispatched"], taker.TransitionsOf(id).Select(t => t.ToState)); // no second "Dispatching"
        Assert.Equal(1, ParcelService.Dispatches[id]);

        // The stopped worker's consumer, holding nothing, is forgotten after twice the claim idle time.
        await StreamsApp.EventuallyAsync(() => !Consumers("test.shipment-requested").Contains(crashedConsumer), "the stopped worker's consumer to be forgotten");
    }

    [RedisFact]
    public async Task A_redelivered_message_relays_what_its_step_saved_but_never_sent()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        var id = Guid.NewGuid();
        var requested = TestMessages.Wrap(new ShipmentRequested(id, OverdueAfterMs: 60_000));

        // A worker saved the step (state, inbox, outbox) and died before relaying or acknowledging.
        var store = app.Services.GetRequiredService<ISagaStore>();
        // Saved just now: the redelivery waits out the relay grace period (1 s here), then relays it.
        var dispatch = TestMessages.Wrap(new DispatchParcel(id, false), id.ToString("D"), requested.MessageId);
        var key = new SagaKey(ShipmentSaga.SagaDefinition.Instance.Name, id.ToString("D"));
        Assert.True(await store.TryCommitAsync(
            new SagaCommit(key, "Dispatching", $$"""{"shipmentId":"{{id}}"}""", false, 0, requested.MessageId, [dispatch], null, "test.shipment-requested"),
            CancellationToken.None));

        await app.Transport.PublishAsync(requested, CancellationToken.None); // the redelivery
        await app.FinishedAsync(id);

        Assert.Equal(["Dispatched"], app.TransitionsOf(id).Select(t => t.ToState));
        Assert.Equal(1, ParcelService.Dispatches[id]);
        await StreamsApp.EventuallyAsync(() => Raw.HashLength(_prefix + $"saga:{{{key.SagaName}:{key.CorrelationKey}}}:outbox") == 0, "the outbox to empty");
    }

    [RedisFact]
    public async Task Bad_input_lands_in_the_dead_letter_stream_with_its_reason_and_the_consumer_goes_on()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix, streams: o => o.MaxMessageBytes = 1000);
        var stream = (RedisKey)(_prefix + "stream:{p0}:test.shipment-requested");
        await XAddAsync(stream, ("id", "bad-json"), ("type", "test.shipment-requested"), ("body", "{not json"));
        await XAddAsync(stream, ("id", "bad-type"), ("type", "test.no-such-type"), ("body", "{}"));
        await XAddAsync(stream, ("id", "bad-key"), ("type", "test.shipment-requested"), ("body", $$"""{"shipmentId":"{{Guid.Empty}}","overdueAfterMs":1}"""));
        await XAddAsync(stream, ("id", "bad-size"), ("type", "test.shipment-requested"), ("body", $$"""{"pad":"{{new string('x', 1000)}}"}"""));
        await XAddAsync(stream, ("type", "test.shipment-requested"), ("body", "{}"));
        var good = Guid.NewGuid();
        await app.Bus.PublishAsync(new ShipmentRequested(good, OverdueAfterMs: 60_000));

        await app.FinishedAsync(good);
        await StreamsApp.EventuallyAsync(() => Length(_prefix + "dead-letters") == 5, "five dead letters");

        var dead = (await RangeAsync(_prefix + "dead-letters")).ToDictionary(e => Field(e, "id") is { Length: > 0 } i ? i : "(no id)");
        Assert.Equal(typeof(System.Text.Json.JsonException).FullName, Field(dead["bad-json"], "dead.exception"));
        Assert.Contains("test.no-such-type", Field(dead["bad-type"], "dead.reason"));
        Assert.Equal(typeof(MissingCorrelationIdException).FullName, Field(dead["bad-key"], "dead.exception"));
        Assert.Contains("over the limit of 1000", Field(dead["bad-size"], "dead.reason"));
        Assert.Contains("lacks 'id'", Field(dead["(no id)"], "dead.reason"));
        Assert.All(dead.Values, e => Assert.Equal("shipping", Field(e, "dead.service")));
        Assert.Equal("{not json", Field(dead["bad-json"], "body")); // the original message, as it was
        Assert.Equal(0, PendingCount("test.shipment-requested"));
    }

    [RedisFact]
    public async Task Trimming_drops_only_what_every_group_has_acknowledged()
    {
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, service: "trimmed");
        var stream = _prefix + "stream:{p0}:test.parcel-dispatched";
        await using var receiving = app.Transport.ReceiveAsync(CancellationToken.None).GetAsyncEnumerator();
        for (var i = 0; i < 5; i++)
        {
            await app.Bus.PublishAsync(new ParcelDispatched(Guid.NewGuid()));
        }

        var received = new List<IncomingMessage>();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(await receiving.MoveNextAsync());
            received.Add(receiving.Current);
        }

        foreach (var message in received.Take(3))
        {
            await message.AckAsync(CancellationToken.None);
        }

        // The maintenance trims the three acknowledged entries and keeps the two pending ones.
        await StreamsApp.EventuallyAsync(() => Length(stream) == 2, "the acknowledged entries to be trimmed");
        await Task.Delay(500);
        var left = await RangeAsync(stream);
        Assert.Equal(received.Skip(3).Select(m => m.Envelope.MessageId), left.Select(e => Field(e, "id")));
    }

    [RedisFact]
    public async Task Key_prefixes_isolate_two_apps_on_one_server()
    {
        var otherPrefix = $"other-{Guid.NewGuid():N}:";
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix);
        await using var other = await StreamsApp.StartAsync(redis.Address, otherPrefix);
        var id = Guid.NewGuid();

        await app.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 60_000));
        await app.FinishedAsync(id);
        await Task.Delay(300);

        Assert.Empty(other.Transitions);
        var server = _raw.GetServer(_raw.GetEndPoints()[0]);
        Assert.DoesNotContain(server.Keys(pattern: otherPrefix + "*"), k => ((string)k!).Contains("saga:", StringComparison.Ordinal));
        Assert.Contains(server.Keys(pattern: _prefix + "*"), k => ((string)k!).Contains("saga:", StringComparison.Ordinal));
    }

    [RedisFact]
    public async Task Partitions_split_a_type_over_streams_and_keep_each_saga_on_one()
    {
        // No worker: nothing is consumed or trimmed, so the streams show where each message went.
        await using var app = await StreamsApp.StartAsync(redis.Address, _prefix, worker: false, streams: o => o.Partitions = 4);
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToArray();

        foreach (var id in ids)
        {
            await app.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 60_000));
            await app.Bus.PublishAsync(new ParcelDispatched(id));
        }

        var partitionsOf = new Dictionary<string, HashSet<int>>();
        for (var p = 0; p < 4; p++)
        {
            foreach (var type in new[] { "test.shipment-requested", "test.parcel-dispatched" })
            {
                foreach (var entry in await RangeAsync($"{_prefix}stream:{{p{p}}}:{type}"))
                {
                    var key = Field(entry, "correlationId"); // the bus sets it from the saga's key
                    (partitionsOf.TryGetValue(key, out var set) ? set : partitionsOf[key] = []).Add(p);
                }
            }
        }

        Assert.Equal(ids.Select(i => i.ToString("D")).Order(), partitionsOf.Keys.Order());
        Assert.All(partitionsOf.Values, p => Assert.Single(p)); // both messages of a saga in one partition
        Assert.True(partitionsOf.Values.Select(p => p.Single()).Distinct().Count() > 1, "every saga landed in one partition");
    }

    [RedisFact(TakesRedisAway = true)]
    public async Task An_app_started_while_Redis_is_down_waits_for_it_and_recovers()
    {
        await redis.StopAsync();
        try
        {
            var starting = StreamsApp.StartAsync(redis.Address, _prefix, redis: o => o.ConnectTimeout = TimeSpan.FromSeconds(30));
            await Task.Delay(1500);
            Assert.False(starting.IsCompleted);
            await redis.StartAsync();
            await using var app = await starting;

            var id = Guid.NewGuid();
            await app.Bus.PublishAsync(new ShipmentRequested(id, OverdueAfterMs: 60_000));
            await app.FinishedAsync(id);
        }
        finally
        {
            if (!await RawRedis.AnswersPingAsync(redis.Port, CancellationToken.None))
            {
                await redis.StartAsync();
            }

            _raw.GetDatabase().Ping(); // the raw connection reconnects for the next test
        }
    }

    private List<string> Consumers(string wireName) =>
        [.. ((RedisResult[])Raw.Execute("XINFO", "CONSUMERS", (RedisKey)(_prefix + "stream:{p0}:" + wireName), "shipping")!)
            .Select(c => (RedisResult[])c!)
            .Select(c => (string)c[1]!)];

    private long PendingCount(string wireName)
    {
        var summary = (RedisResult[])Raw.Execute("XPENDING", (RedisKey)(_prefix + "stream:{p0}:" + wireName), "shipping")!;
        return (long)summary[0];
    }

    private Task XAddAsync(RedisKey stream, params (string Name, string Value)[] fields) =>
        Raw.StreamAddAsync(stream, [.. fields.Select(f => new NameValueEntry(f.Name, f.Value))]);

    private long Length(string stream) => (long)Raw.Execute("XLEN", (RedisKey)stream);

    // Each entry as its fields.
    private async Task<List<Dictionary<string, string>>> RangeAsync(string stream) =>
        [.. (await Raw.StreamRangeAsync(stream)).Select(e => e.Values.ToDictionary(f => (string)f.Name!, f => (string)f.Value!))];

    private static string Field(Dictionary<string, string> entry, string name) => entry.GetValueOrDefault(name, "");

    private static Reader ReadAsync(RedisStreamTransport transport, CancellationToken stop)
    {
        var reader = new Reader();
        reader.Task = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in transport.ReceiveAsync(stop))
                {
                    lock (reader.Seen)
                    {
                        using var body = System.Text.Json.JsonDocument.Parse(message.Envelope.Body);
                        reader.Seen.Add(body.RootElement.GetProperty("shipmentId").GetString()!);
                    }

                    await message.AckAsync(CancellationToken.None);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        return reader;
    }

    private sealed class Reader
    {
        public List<string> Seen { get; } = [];

        public Task Task { get; set; } = Task.CompletedTask;
    }
}
