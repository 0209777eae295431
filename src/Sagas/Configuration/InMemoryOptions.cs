namespace Sagas;

/// <summary>
/// How much the embedded in-memory store and transport remember, so that a long-running process
/// does not keep every finished saga and every message for ever. Bound from <c>Sagas:InMemory</c>.
/// </summary>
public sealed class InMemoryOptions
{
    /// <summary>
    /// How long a finished saga instance (and a participant's record of a handled message) is kept,
    /// so that a late duplicate is still recognised; the in-memory counterpart of Redis's
    /// <c>CompletedRetention</c>. Default: 10 minutes.
    /// </summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// At most this many finished instances and participant records are kept, whatever their age;
    /// beyond it the oldest finished go first. Live instances are never removed. Default: 10,000.
    /// </summary>
    public int MaxCompleted { get; set; } = 10_000;

    /// <summary>
    /// How many conversations (correlation ids) the transport keeps the messages of, for
    /// <see cref="IFlowHistory"/>; beyond it the conversation seen first is forgotten. 0 keeps none. Default: 10,000.
    /// </summary>
    public int MaxFlows { get; set; } = 10_000;
}
