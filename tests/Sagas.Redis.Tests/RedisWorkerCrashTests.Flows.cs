using StackExchange.Redis;

namespace Sagas.Redis.Tests;

// What the crash tests read back after a run: each order's flow log, its compensations, the dead letters.
public sealed partial class RedisWorkerCrashTests
{
    // What the flow of one order must show, given how far it got: the failure, then one compensation
    // per completed step in reverse order (a refund refused on purpose: every attempt, then Failed).
    // With resends, a compensation whose confirmation came after CompensationTimeout (a backlog)
    // may have been sent again, up to CompensationAttempts times; the services undo a step once.
    private static string? CheckFlow(Order order, List<string> flow, string state, bool resends = false)
    {
        var most = resends ? CompensationAttempts : 1;
        var compensations = flow.Where(t => t is "ReleaseStock" or "RefundPayment").ToList();
        var failure = flow.FindIndex(t => t is "StockUnavailable" or "ShipmentTimedOut");
        // A timeout that lost the race with its reply may still come (and be ignored): only compensations count.
        var dropped = flow.Contains("PaymentDeclined") || (flow.Contains("PaymentTimedOut") && !flow.Contains("PaymentCaptured"));
        if (flow.Contains("OrderShipped") || dropped)
        {
            var expected = flow.Contains("OrderShipped") ? "Completed" : "Compensated";
            return state == expected && compensations.Count == 0 ? null : $"expected {expected} with no compensation";
        }

        if (failure < 0 || flow.FindIndex(t => t is "ReleaseStock" or "RefundPayment") < failure)
        {
            return "no failure before the compensations";
        }

        string[] undo = flow[failure] == "ShipmentTimedOut" ? ["ReleaseStock", "RefundPayment"] : ["RefundPayment"];
        if (!compensations.Distinct().SequenceEqual(undo) || compensations.Count(t => t == "ReleaseStock") > most || order.Sku == OutOfStockSku != (flow[failure] == "StockUnavailable"))
        {
            return $"expected the compensations {string.Join(", ", undo)}, each {(resends ? $"at most {most} times" : "once")}";
        }

        var refunds = compensations.Count(t => t == "RefundPayment");
        return state switch
        {
            "Compensated" when refunds >= 1 && refunds <= most && flow.Contains("PaymentRefunded") => null,
            "Failed" when refunds == CompensationAttempts && !flow.Contains("PaymentRefunded") => null,
            _ => $"{refunds} refund(s), {(flow.Contains("PaymentRefunded") ? "confirmed" : "never confirmed")}",
        };
    }

    private async Task<List<(string Type, string Error)>> DeadLetterReasonsAsync(IDatabase db) =>
        [.. (await FlowLog.EntriesAsync(db, _prefix + "dead-letters")).Select(e => (e.Field("type"), e.Field("dead.error")))];

    private async Task<bool> AnyCompensatingAsync(IDatabase db, Order[] orders)
    {
        var states = await Task.WhenAll(orders.Select(o => db.HashGetAsync(StateKey(o), "state")));
        return states.Any(s => s == "Compensating");
    }

    private Task<List<string>> FlowTypesAsync(IDatabase db, Order order) => FlowLog.TypesAsync(db, $"{_prefix}flow:{{{order.Id:D}}}");
}
