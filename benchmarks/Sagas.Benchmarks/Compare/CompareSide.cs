namespace Sagas.Benchmarks.Compare;

/// <summary>The parts of the comparison: each a few sides, measured in turn in every round.</summary>
internal enum CompareSection
{
    Workflow,
    Handler,
    Redis,
}

/// <summary>
/// One side of a comparison, measured in a child process of its own: <see cref="Key"/> names it on
/// the child's command line, <see cref="RunAsync"/> measures it there.
/// </summary>
internal sealed record CompareSide(CompareSection Section, string Key, string Name, Func<CompareOptions, Task<Measurement>> RunAsync)
{
    public const string WorkflowSagasKey = "workflow-sagas";
    public const string WorkflowMassTransitKey = "workflow-masstransit";
    public const string WorkflowMassTransitNoTimeoutsKey = "workflow-masstransit-no-timeouts";
    public const string ParticipantKey = "handler-sagas-participant";
    public const string TransitionKey = "handler-sagas-transition";
    public const string MediatRKey = "handler-mediatr";
    public const string MediatorKey = "handler-mediator";
    public const string RedisKey = "redis-sagas";

    /// <summary>In the order each round measures them: Sagas, then its peers, part by part.</summary>
    public static readonly IReadOnlyList<CompareSide> All =
    [
        new(CompareSection.Workflow, WorkflowSagasKey, "Sagas, order workflow in memory", o => WorkflowRun.RunAsync(new SagasWorkflowSide(o.Sagas), o.Sagas)),
        new(CompareSection.Workflow, WorkflowMassTransitKey, "MassTransit 8.5.12, order workflow in memory", o => WorkflowRun.RunAsync(new MassTransitWorkflowSide(new(Enabled: true)), o.Sagas)),
        new(CompareSection.Workflow, WorkflowMassTransitNoTimeoutsKey, "MassTransit 8.5.12, order workflow in memory without its timeouts", o => WorkflowRun.RunAsync(new MassTransitWorkflowSide(new(Enabled: false)), o.Sagas)),
        new(CompareSection.Handler, ParticipantKey, "Sagas participant, one message", _ => OperationLoop.RunAsync(new SagasParticipantSide())),
        new(CompareSection.Handler, TransitionKey, "Sagas saga transition, one message", _ => OperationLoop.RunAsync(new SagasTransitionSide())),
        new(CompareSection.Handler, MediatRKey, "MediatR 5.1.0 Publish, one notification", _ => OperationLoop.RunAsync(new MediatRSide())),
        new(CompareSection.Handler, MediatorKey, "Mediator 3.0.2 Publish, one notification", _ => OperationLoop.RunAsync(new MediatorSide())),
        new(CompareSection.Redis, RedisKey, "Sagas on Redis and the commit script's ceiling", RedisSide.RunAsync),
    ];

    public static CompareSide? Find(string key) => All.FirstOrDefault(s => s.Key == key);
}
