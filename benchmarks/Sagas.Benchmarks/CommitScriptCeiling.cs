using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using StackExchange.Redis;

namespace Sagas.Benchmarks;

/// <summary>
/// The ceiling: how many times a second Redis runs the store's commit (save) script alone, sent by
/// <see cref="Callers"/> concurrent callers over one StackExchange.Redis connection (as the engine
/// sends it), each on keys of its own. The script is the store's own, read from the internal
/// <c>SagaStoreScripts.Commit</c> constant; the call has the store's shape on one server: the four
/// keys of one instance and the four of the read model of saga states (kept in the same script), and a saga's three saves in turn (version 0 with two outbox entries, 1 with one, 2
/// final with none), with arguments of the sizes the order saga sends.
/// </summary>
internal static class CommitScriptCeiling
{
    public const int Callers = 64;

    private static readonly long InboxRetentionMs = (long)TimeSpan.FromDays(7).TotalMilliseconds;
    private static readonly long CompletedRetentionMs = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    public static async Task<(double ScriptsPerSecond, long Calls, CommandStats Ran)> RunAsync(RedisServerProcess server, Timing timing, IDatabase admin, CancellationToken cancellationToken)
    {
        var script = CommitScript();
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.Address);
        var database = connection.GetDatabase();
        long calls = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(
            async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var id = Guid.NewGuid().ToString("D");
                    var tag = "bench:ceiling:saga:{OrderSaga:" + id;
                    for (var version = 0; version < 3; version++)
                    {
                        var saved = (long)await database.ScriptEvaluateAsync(script, Keys(tag, version), Arguments(id, version));
                        if (saved != 1)
                        {
                            throw new InvalidOperationException($"The commit script returned {saved} for version {version} of {id}: the ceiling's calls must all save.");
                        }

                        Interlocked.Increment(ref calls);
                    }
                }
            },
            CancellationToken.None)).ToArray();
        try
        {
            await Task.Delay(timing.Warmup, cancellationToken);
            var before = await CommandStats.ReadAsync(admin);
            var callsBefore = Interlocked.Read(ref calls);
            var clock = Stopwatch.StartNew();
            await Task.Delay(timing.Measure, cancellationToken);
            var after = await CommandStats.ReadAsync(admin);
            var measured = Interlocked.Read(ref calls) - callsBefore;
            var scriptsPerSecond = measured / clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"  {scriptsPerSecond:N0} commit scripts/s from {Callers} callers");
            return (scriptsPerSecond, measured, after.Since(before));
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(callers);
        }
    }

    private static string CommitScript()
    {
        const string Type = "Sagas.SagaStoreScripts";
        var field = typeof(RedisSagaStore).Assembly.GetType(Type, throwOnError: true)!.GetField("Commit", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{Type}.Commit is gone; point the ceiling at the store's save script again.");
        return (string)field.GetRawConstantValue()!;
    }

    // KEYS: the instance's four, then the read model's four (names; the from-state's live and
    // finished sets, the new state's set), kept in the script as on a single server.
    private static RedisKey[] Keys(string tag, int version)
    {
        var (state, from, _, _) = Step(version);
        const string Root = "bench:ceiling:states:{OrderSaga}:";
        var to = Root + (version == 2 ? "done:" : "in:") + state;
        return [tag + "}", tag + "}:inbox", tag + "}:outbox", tag + "}:history", Root + "names",
            from is null ? to : Root + "in:" + from, from is null ? to : Root + "done:" + from, to];
    }

    private static (string State, string? From, string MessageType, string[] Outbox) Step(int version) => version switch
    {
        0 => ("AwaitingPayment", null, "OrderPlaced", ["CapturePayment", "PaymentTimedOut"]),
        1 => ("AwaitingStock", "AwaitingPayment", "PaymentCaptured", ["ReserveStock"]),
        _ => ("Completed", "AwaitingStock", "StockReserved", []),
    };

    // ARGV: expected version, state, data, final, message id, inbox retention, completed retention, history entry,
    // the read model's mode ('1': in the script) and member, outbox id/JSON pairs.
    private static RedisValue[] Arguments(string id, int version)
    {
        var (state, from, messageType, outbox) = Step(version);
        var messageId = Guid.NewGuid().ToString("N");
        var data = JsonSerializer.Serialize(new { orderId = id, amount = 42m, sku = "sku-42", paymentId = version > 0 ? "pay-" + id[..8] : null });
        var history = JsonSerializer.Serialize(new { id = messageId, type = messageType, from, to = state })[1..];
        var values = new List<RedisValue> { version, state, data, version == 2 ? 1 : 0, messageId, InboxRetentionMs, CompletedRetentionMs, history, "1", id };
        foreach (var type in outbox)
        {
            var outgoingId = Guid.NewGuid().ToString("N");
            values.Add(outgoingId);
            values.Add(JsonSerializer.Serialize(new
            {
                id = outgoingId,
                type,
                correlationId = id,
                causationId = messageId,
                sentAt = DateTimeOffset.UtcNow,
                body = new { orderId = id, amount = 42m },
            }));
        }

        return [.. values];
    }
}
