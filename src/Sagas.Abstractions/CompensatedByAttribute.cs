namespace Sagas;

/// <summary>
/// Names the method that undoes the work of this handler's step, should a later step fail:
/// <c>[CompensatedBy(nameof(RefundPayment))]</c>. The method takes a <c>MessageContext</c> (and,
/// optionally, a <see cref="System.Threading.CancellationToken"/>) and returns <c>void</c>,
/// <c>Task</c> or <c>ValueTask</c>; it usually sends the command that undoes the step.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CompensatedByAttribute : Attribute
{
    /// <summary>Declares the compensation of this step.</summary>
    /// <param name="methodName">The name of a method of the same saga; use <c>nameof</c>.</param>
    public CompensatedByAttribute(string methodName) => MethodName = methodName;

    /// <summary>The name of the compensating method.</summary>
    public string MethodName { get; }

    /// <summary>
    /// The event that confirms the compensation is done: <c>ConfirmedBy = typeof(PaymentRefunded)</c>.
    /// The saga waits for it before compensating the step before this one, and sends the
    /// compensation again when it does not come within <c>SagasOptions.CompensationTimeout</c>, up
    /// to <c>SagasOptions.CompensationAttempts</c> times; then the saga ends in the
    /// <see cref="CompensateAttribute.FailedState"/>. The event must carry the saga's correlation id.
    /// Without it, the compensation counts as done once its messages are saved.
    /// </summary>
    public Type? ConfirmedBy { get; set; }
}
