namespace Sagas;

/// <summary>
/// Names the state a saga enters after the handler returns: <c>[Then(State.AwaitingStock)]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ThenAttribute : Attribute
{
    /// <summary>Moves the saga to <paramref name="state"/> after the handler returns.</summary>
    /// <param name="state">A member of the saga's state enum.</param>
    public ThenAttribute(object state) => State = state;

    /// <summary>The state the saga enters.</summary>
    public object State { get; }
}
