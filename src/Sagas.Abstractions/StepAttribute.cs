namespace Sagas;

/// <summary>
/// Marks a method of a <c>[Workflow]</c> as one step: it returns the command to send, and the step
/// waits for <see cref="Success"/> (on to the next step) or <see cref="Failure"/> (compensate the
/// completed steps, newest first). Put <see cref="CompensatedByAttribute"/> on it to say how the
/// step is undone. A method of the workflow taking the success event as its only parameter, if
/// there is one, is called when it arrives, to keep what the reply brings.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class StepAttribute : Attribute
{
    /// <summary>Declares a step.</summary>
    /// <param name="order">Where the step comes: steps run in ascending order.</param>
    public StepAttribute(int order) => Order = order;

    /// <summary>Where the step comes: steps run in ascending order.</summary>
    public int Order { get; }

    /// <summary>The event that means the step succeeded. Required.</summary>
    public Type? Success { get; set; }

    /// <summary>The event that means the step failed, if the participant reports failures.</summary>
    public Type? Failure { get; set; }

    /// <summary>Seconds to wait for <see cref="Success"/> before the step counts as failed; 0 (the default) waits forever.</summary>
    public int TimeoutSeconds { get; set; }
}
