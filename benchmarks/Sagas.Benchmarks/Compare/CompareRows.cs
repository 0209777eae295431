namespace Sagas.Benchmarks.Compare;

/// <summary>A figure of one side, as a cell of the table names it.</summary>
internal sealed record FigureOf(string SideKey, string Figure, string Label);

/// <summary>How a row relates Sagas' figure to each peer's.</summary>
internal enum RatioStyle
{
    /// <summary>Sagas ÷ peer, as "2.50×".</summary>
    Times,

    /// <summary>Sagas ÷ peer, as a percentage (of a ceiling).</summary>
    Share,

    /// <summary>No ratio: the figures are not of the same thing.</summary>
    None,
}

/// <summary>One row of the table: a figure of Sagas beside the same figure of its peers, and the goal it is held to.</summary>
internal sealed record CompareRow(
    CompareSection Section,
    string Comparison,
    string Measure,
    FigureOf Sagas,
    IReadOnlyList<FigureOf> Peers,
    Func<double, string> Format,
    RatioStyle Ratio,
    Goal? Goal);

/// <summary>What the compare mode prints: issue 12's comparisons and goals, one row each.</summary>
internal static class CompareRows
{
    private const string Workflow = "in-memory order workflow";
    private const string Participant = "one message to one handler: Sagas participant (engine, in memory)";
    private const string Transition = "one message to one handler: Sagas saga transition (engine, in memory)";
    private const string Redis = "Redis store + Streams, 64 concurrent sagas";

    private static readonly IReadOnlyList<FigureOf> Mediators =
    [
        new(CompareSide.MediatRKey, Figure.NanosecondsPerOperation, "MediatR 5.1.0 Publish"),
        new(CompareSide.MediatorKey, Figure.NanosecondsPerOperation, "Mediator 3.0.2 Publish"),
    ];

    private static readonly IReadOnlyList<FigureOf> MediatorBytes =
    [
        new(CompareSide.MediatRKey, Figure.BytesPerOperation, "MediatR 5.1.0 Publish"),
        new(CompareSide.MediatorKey, Figure.BytesPerOperation, "Mediator 3.0.2 Publish"),
    ];

    public static readonly IReadOnlyList<CompareRow> All =
    [
        new(CompareSection.Workflow, Workflow, "transitions/s",
            Sagas(CompareSide.WorkflowSagasKey, Figure.TransitionsPerSecond), MassTransitFigures(Figure.TransitionsPerSecond), Formats.Count, RatioStyle.Times,
            new Goal.AtLeastTimesPeer(10, "≥ 10× MassTransit's")),
        new(CompareSection.Workflow, Workflow, "allocated bytes per transition",
            Sagas(CompareSide.WorkflowSagasKey, Figure.BytesPerTransition), MassTransitFigures(Figure.BytesPerTransition), Formats.Bytes, RatioStyle.Times,
            new Goal.AtMostTimesPeer(0.1, "≤ 1/10 of MassTransit's")),
        new(CompareSection.Workflow, Workflow, "peak working set of the process",
            Sagas(CompareSide.WorkflowSagasKey, Figure.PeakWorkingSet), MassTransitFigures(Figure.PeakWorkingSet), Formats.MiB, RatioStyle.Times,
            new Goal.AtMostTimesPeer(1, "≤ MassTransit's")),
        new(CompareSection.Workflow, Workflow, "share of wall time in GC pauses",
            Sagas(CompareSide.WorkflowSagasKey, Figure.GcPauseShare), MassTransitFigures(Figure.GcPauseShare), Formats.Share, RatioStyle.None,
            new Goal.ShareBelow(0.10, "< 10 %")),

        new(CompareSection.Handler, Participant, "time per message",
            Sagas(CompareSide.ParticipantKey, Figure.NanosecondsPerOperation), Mediators, Formats.Nanoseconds, RatioStyle.Times,
            new Goal.AtMost(1000, Formats.Nanoseconds, "≤ 1 µs")),
        new(CompareSection.Handler, Participant, "allocated bytes per message",
            Sagas(CompareSide.ParticipantKey, Figure.BytesPerOperation), MediatorBytes, Formats.Bytes, RatioStyle.Times, null),
        new(CompareSection.Handler, Transition, "time per transition",
            Sagas(CompareSide.TransitionKey, Figure.NanosecondsPerOperation), Mediators, Formats.Nanoseconds, RatioStyle.Times,
            new Goal.AtMost(2000, Formats.Nanoseconds, "≤ 2 µs")),
        new(CompareSection.Handler, Transition, "allocated bytes per transition",
            Sagas(CompareSide.TransitionKey, Figure.BytesPerOperation), MediatorBytes, Formats.Bytes, RatioStyle.Times,
            new Goal.AtMost(600, Formats.Bytes, "≤ 600 B")),

        new(CompareSection.Redis, Redis, "transitions/s",
            Sagas(CompareSide.RedisKey, Figure.TransitionsPerSecond),
            [new(CompareSide.RedisKey, Figure.CeilingScriptsPerSecond, "ceiling: the commit script alone, 64 callers pipelined on one connection (scripts/s)")],
            Formats.Count, RatioStyle.Share,
            new Goal.AtLeastShareOfPeer(0.60, "≥ 60 % of the ceiling")),
        new(CompareSection.Redis, Redis, "commands sent per transition",
            Sagas(CompareSide.RedisKey, Figure.CommandsPerTransition), [], Formats.PerTransition, RatioStyle.None,
            new Goal.AtMost(5, Formats.PerTransition, "≤ 5")),
        new(CompareSection.Redis, Redis, "awaited round trips per transition",
            Sagas(CompareSide.RedisKey, Figure.RoundTripsPerTransition), [], Formats.PerTransition, RatioStyle.None,
            new Goal.AtMost(3, Formats.PerTransition, "≤ 3")),
        new(CompareSection.Redis, "for scale: Redis store only (messages handed to the engine in process), 64 concurrent sagas", "transitions/s",
            Sagas(CompareSide.RedisKey, Figure.StoreOnlyTransitionsPerSecond),
            [new(CompareSide.RedisKey, Figure.CeilingScriptsPerSecond, "the same ceiling")],
            Formats.Count, RatioStyle.Share, null),
    ];

    private static FigureOf Sagas(string key, string figure) => new(key, figure, "Sagas");

    // The goal is held against the same workflow; the second, without timeouts, is for scale.
    private static FigureOf[] MassTransitFigures(string figure) =>
    [
        new(CompareSide.WorkflowMassTransitKey, figure, "MassTransit 8.5.12 in-memory saga"),
        new(CompareSide.WorkflowMassTransitNoTimeoutsKey, figure, "the same without timeouts"),
    ];
}
