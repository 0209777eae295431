namespace Sagas.Testing;

/// <summary>
/// The harness did not become idle in time: a message that keeps causing others, a handler that
/// does not return, or a retry that did not come back. Its message says which.
/// </summary>
public sealed class SagaTestTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with what was still going on.</summary>
    public SagaTestTimeoutException(string message)
        : base(message)
    {
    }
}
