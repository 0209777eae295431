namespace Sagas;

/// <summary>
/// Names the method that undoes the work of this handler's step, should a later step fail:
/// <c>[CompensatedBy(nameof(RefundPayment))]</c>. The method takes a <c>MessageContext</c> (and,
/// optionally, a <see cref="System.Threading.CancellationToken"/>) and returns <c>void</c>,
/// <c>Task</c> or <c>ValueTask</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CompensatedByAttribute : Attribute
{
    /// <summary>Declares the compensation of this step.</summary>
    /// <param name="methodName">The name of a method of the same saga; use <c>nameof</c>.</param>
    public CompensatedByAttribute(string methodName) => MethodName = methodName;

    /// <summary>The name of the compensating method.</summary>
    public string MethodName { get; }
}
