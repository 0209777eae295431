namespace Sagas;

/// <summary>
/// Marks a <c>partial</c> class deriving from <c>Saga&lt;TState, TData&gt;</c> as a saga. The Sagas
/// generator compiles its handler methods into a state machine with typed dispatch and correlation.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SagaAttribute : Attribute
{
    /// <summary>
    /// What happens to a message that arrives in a state with no handler for it and no
    /// <see cref="IgnoreAttribute"/>. Default: <see cref="UnexpectedMessagePolicy.Fault"/>.
    /// </summary>
    public UnexpectedMessagePolicy Unexpected { get; set; } = UnexpectedMessagePolicy.Fault;
}
