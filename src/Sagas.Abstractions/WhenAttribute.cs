namespace Sagas;

/// <summary>
/// Names the states in which a saga handler runs: <c>[When(State.AwaitingPayment)]</c>.
/// The arguments are members of the saga's state enum, so a typo does not compile.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WhenAttribute : Attribute
{
    /// <summary>Runs the handler when the saga is in one of <paramref name="states"/>.</summary>
    /// <param name="states">Members of the saga's state enum.</param>
    public WhenAttribute(params object[] states) => States = states;

    /// <summary>The states in which the handler runs.</summary>
    public object[] States { get; }
}
