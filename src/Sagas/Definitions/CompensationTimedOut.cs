namespace Sagas;

/// <summary>
/// The timeout of one attempt at a compensation that awaits its confirmation
/// (<see cref="CompensatedByAttribute.ConfirmedBy"/>): scheduled by the generated code when it
/// sends the compensation, routed back to the saga instance that sent it, and ignored when the
/// confirmation came first.
/// </summary>
/// <param name="Saga">The saga's name (<see cref="ISagaDefinition.Name"/>).</param>
/// <param name="CorrelationKey">The saga instance's correlation key.</param>
/// <param name="Step">The wire name of the message whose step is being compensated.</param>
/// <param name="Attempt">Which attempt at the compensation timed out, from 1.</param>
[Event(WireName)]
public sealed record CompensationTimedOut(string Saga, string CorrelationKey, string Step, int Attempt)
{
    /// <summary>The wire name every generated registry gives this message.</summary>
    public const string WireName = "Sagas.CompensationTimedOut";
}
