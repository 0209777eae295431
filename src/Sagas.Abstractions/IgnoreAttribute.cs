namespace Sagas;

/// <summary>
/// Declares on a saga class that a message arriving in the given states is expected and dropped:
/// <c>[Ignore(typeof(PaymentTimedOut), State.Completed, State.Compensated)]</c>. A late timeout or
/// a duplicate reply then neither faults nor warns.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class IgnoreAttribute : Attribute
{
    /// <summary>Ignores <paramref name="messageType"/> in <paramref name="states"/>.</summary>
    /// <param name="messageType">A registered event or command the saga handles elsewhere.</param>
    /// <param name="states">Members of the saga's state enum.</param>
    public IgnoreAttribute(Type messageType, params object[] states)
    {
        MessageType = messageType;
        States = states;
    }

    /// <summary>The ignored message type.</summary>
    public Type MessageType { get; }

    /// <summary>The states in which it is ignored.</summary>
    public object[] States { get; }
}
