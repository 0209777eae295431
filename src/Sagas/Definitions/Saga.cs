namespace Sagas;

/// <summary>
/// Base class of a saga: a long-running process with a state from <typeparamref name="TState"/> and
/// persisted data of type <typeparamref name="TData"/>. Mark the derived class <c>[Saga]</c> and
/// <c>partial</c>; the generator adds typed dispatch, correlation and the transition table.
/// </summary>
/// <typeparam name="TState">The saga's states, a nested enum; mark final members <c>[Final]</c>.</typeparam>
/// <typeparam name="TData">The data saved with each instance; a class with a parameterless constructor.</typeparam>
/// <remarks>
/// A saga instance is created for one message and thrown away after it: it does not own its state.
/// Side effects go through the <see cref="MessageContext"/> handed to each handler, so that they are
/// saved with the state in one atomic step.
/// </remarks>
public abstract class Saga<TState, TData>
    where TState : struct, Enum
    where TData : class, new()
{
    // Created on first use: the generated code sets the loaded data first, so a loaded instance never makes one to throw away.
    private TData? _data;

    /// <summary>The instance's data, loaded before a handler runs and saved after it returns.</summary>
    public TData Data
    {
        get => _data ??= new();
        protected set => _data = value;
    }

    /// <summary>The instance's current state.</summary>
    /// <remarks>Not named <c>State</c>, so that the saga can name its nested state enum <c>State</c>.</remarks>
    public TState CurrentState { get; protected set; }

    /// <summary>
    /// The compensation log: the completed steps that declare a compensation, and how far undoing
    /// them has come after a failure. The generated code keeps it and saves it with <see cref="Data"/>.
    /// </summary>
    protected SagaCompensation Compensation { get; } = new();
}
