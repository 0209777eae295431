namespace Sagas;

/// <summary>
/// Base class of a workflow: a pure orchestration written as ordered steps. Mark the derived class
/// <c>[Workflow]</c> and <c>partial</c>; the generator adds its states (one per step, then
/// <c>Completed</c>, <c>Compensated</c> and <c>Failed</c>), its <c>CurrentState</c> and the same
/// dispatch a saga gets.
/// </summary>
/// <typeparam name="TData">The data saved with each instance; a class with a parameterless constructor and a <c>[CorrelationId]</c>.</typeparam>
public abstract class Workflow<TData>
    where TData : class, new()
{
    // Created on first use: the generated code sets the loaded data first, so a loaded instance never makes one to throw away.
    private TData? _data;

    /// <summary>The instance's data, loaded before a step runs and saved after it.</summary>
    public TData Data
    {
        get => _data ??= new();
        protected set => _data = value;
    }

    /// <summary>The compensation log: the completed steps that declare a compensation, and how far undoing them has come.</summary>
    protected SagaCompensation Compensation { get; } = new();
}
