namespace Sagas;

/// <summary>
/// Marks a handler whose event means the process failed: after it returns, the compensations of
/// the steps the saga completed run one at a time, newest first, then the saga enters the state
/// named by <see cref="ThenAttribute"/>. A compensation that awaits its reply
/// (<see cref="CompensatedByAttribute.ConfirmedBy"/>) and never gets it ends the saga in
/// <see cref="FailedState"/> instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CompensateAttribute : Attribute
{
    /// <summary>
    /// The state the saga ends in when a compensation is not confirmed after every attempt:
    /// <c>[Compensate(FailedState = State.Failed)]</c>. A member of the saga's state enum, usually
    /// <c>[Final]</c>. Required when any step's compensation awaits a reply.
    /// </summary>
    public object? FailedState { get; set; }
}
