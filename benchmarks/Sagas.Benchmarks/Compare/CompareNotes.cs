using System.Text;

namespace Sagas.Benchmarks.Compare;

/// <summary>What the figures mean and how the sides were run, printed under the table; and each side's spread over the rounds.</summary>
internal static class CompareNotes
{
    public static string Write(IReadOnlyDictionary<string, SideResults> results, CompareOptions options)
    {
        var text = new StringBuilder();
        if (results.Values.Any(r => r.Side.Section == CompareSection.Workflow))
        {
            text.AppendLine($"- Workflow: the sample's order saga (samples/OrderFulfillment) on each library: OrderPlaced → CapturePayment → PaymentCaptured → ReserveStock → StockReserved → ShipOrder → OrderShipped → Completed; one order in {Orders.StockOutEvery} out of stock → StockUnavailable → RefundPayment → PaymentRefunded → Compensated. 4 transitions per saga either way; the payment and shipment timeouts (and the refund's) are scheduled and cancelled on both sides. Each part ({options.Sagas:N0} sagas to warm up, then {options.Sagas:N0} measured) is placed in {WorkflowRun.Waves} waves, a wave at once, the next when it has finished.");
            text.AppendLine("- Sagas: a worker service with AddSagas(...) on the sample's generated registry and router, its participants (AddHandler), the in-memory store, transport and scheduler, AddHostedWorker() at its default settings; orders published through IMessageBus; transitions counted by an ISagaObserver.");
            text.AppendLine("- MassTransit: AddMassTransit with AddSagaStateMachine<...>().InMemoryRepository(), a consumer per participant, UsingInMemory with ConfigureEndpoints (default concurrency), AddDelayedMessageScheduler/UseDelayedMessageScheduler for the timeouts (its in-memory scheduler cannot cancel: an unscheduled timeout stays queued until due, 30 s, and is then dropped by the saga's token check); the same messages, participants' logic and refund ledger; orders published through IBus; transitions counted by a Then activity on each.");
            text.AppendLine("- Checked after every run: every saga of both parts is in the state its order calls for in the side's own saga store (Completed, or Compensated for the stock-outs), the tallies match, and 4 transitions were counted per measured saga. Neither side removes finished sagas from its store during the run (Sagas' Sagas:InMemory:MaxCompleted is raised to hold every finished saga and participant record of the run, as MassTransit's repository keeps every saga); Sagas' in-memory transport also keeps the flows of the last 1,000 conversations (IFlowHistory), and the figures include what that costs. A side that fails the check, logs a warning or throws is shown as failed.");
            text.AppendLine("- transitions/s: over the wall time of the measured part (first order placed to last saga finished). Allocated bytes: GC.GetTotalAllocatedBytes(precise) over the measured part, whole process, ÷ transitions. Peak working set: Process.PeakWorkingSet64 of the side's own process, warm-up included. GC pauses: GC.GetTotalPauseDuration over the measured part ÷ its wall time.");
        }

        if (results.Values.Any(r => r.Side.Section == CompareSection.Handler))
        {
            text.AppendLine("- One message to one handler: each side in a loop on one thread, a new message each time, to a handler that counts it; after 1 s of warm-up, batches of about 100 ms, the median batch's time per operation; bytes are GC.GetTotalAllocatedBytes(precise) over all batches ÷ operations. The counts are checked against the loop's. Sagas participant: SagaEngine.HandleAsync of a new envelope (CapturePayment) to an IMessageHandler registered with AddHandler, in-memory store (inbox and outbox saved per message). Sagas saga transition: the sample's OrderSaga driven message by message through SagaEngine.HandleAsync (OrderPlaced, PaymentCaptured, StockReserved or StockUnavailable, OrderShipped or PaymentRefunded; its commands taken off the in-memory transport and dropped), per transition. MediatR 5.1.0: Publish of an INotification, registered in Microsoft.Extensions.DependencyInjection as its DI package registered it (its package is not served here). Mediator 3.0.2: the generated AddMediator() (singleton), IMediator.Publish. Neither mediator persists anything; the Sagas sides save every handling in the in-memory store (state, inbox and outbox) and keep no finished record (Sagas:InMemory:CompletedRetention 0, as millions a second would overrun any cap), so what saving costs is in their figures.");
        }

        if (results.Values.Any(r => r.Side.Section == CompareSection.Redis))
        {
            text.AppendLine($"- Redis: the redis mode's measurements on a redis-server of the run's own (no persistence): the sample's order saga with the store and the Streams transport, hosted worker, 64 concurrent sagas ({Math.Max(1, options.RedisSeconds / 3)} s warm-up, {options.RedisSeconds} s measured, then commands counted under MONITOR), then the store alone (messages handed to the engine in process), then the ceiling: the store's commit script alone from 64 callers over one connection (StackExchange.Redis pipelines them). The share is transitions/s ÷ ceiling scripts/s: every transition needs at least one commit. Round trips: commands sent less those nobody awaits (the outbox HDEL, SELECT).");
        }

        text.AppendLine();
        text.AppendLine("Spread over the rounds (min–max) and settings seen:");
        foreach (var side in results.Values)
        {
            var figures = side.Rounds.Where(r => r.Failure is null).SelectMany(r => r.Figures.Keys).Distinct().ToList();
            var spread = string.Join("; ", figures.Select(f => (Figure: f, Range: side.Range(f))).Select(f => $"{f.Figure} {Formats.ForFigure(f.Figure)(f.Range.Min)}–{Formats.ForFigure(f.Figure)(f.Range.Max)}"));
            var notes = string.Join("; ", side.Rounds.SelectMany(r => r.Notes).Distinct().Select(n => $"{n.Key}: {n.Value}"));
            text.AppendLine($"- {side.Side.Name}: {(side.Failure is { } failure ? "FAILED, " + failure : spread)}{(notes.Length > 0 ? " (" + notes + ")" : "")}");
        }

        return text.ToString();
    }
}
