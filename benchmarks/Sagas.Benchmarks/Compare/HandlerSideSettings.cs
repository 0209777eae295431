namespace Sagas.Benchmarks.Compare;

/// <summary>How the Sagas sides of the one-message part set up the engine.</summary>
internal static class HandlerSideSettings
{
    /// <summary>
    /// Keeps no finished record: millions of messages a second leave as many, and the default
    /// 100,000 would be replaced within a second (with a warning that the retention is cut short).
    /// </summary>
    public static void KeepNoFinished(SagasOptions options) => options.InMemory.CompletedRetention = TimeSpan.Zero;
}
