namespace Sagas;

/// <summary>
/// Marks a <c>partial</c> class deriving from <c>Workflow&lt;TData&gt;</c>: a pure orchestration
/// written as ordered steps (<see cref="StepAttribute"/>). The generator compiles it into the same
/// kind of state machine as a saga: one state per step awaiting its reply, then <c>Completed</c>,
/// <c>Compensated</c> or <c>Failed</c>; the same store, the same compensations, the same diagrams.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowAttribute : Attribute
{
}
