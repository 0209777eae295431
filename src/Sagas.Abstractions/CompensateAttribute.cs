namespace Sagas;

/// <summary>
/// Marks a handler whose event means the process failed: after it returns, the compensations of
/// the steps the saga completed run in reverse order of completion, then the saga enters the state
/// named by <see cref="ThenAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CompensateAttribute : Attribute
{
}
