namespace Sagas;

/// <summary>
/// How much the embedded in-memory store and transport remember, so that a long-running process
/// does not keep every finished saga and every message for ever. Bound from <c>Sagas:InMemory</c>.
/// </summary>
public sealed class InMemoryOptions
{
    /// <summary>
    /// How long a finished saga instance (and a participant's record of a handled message) is kept,
    /// so that a retried or duplicated message is still recognised; the in-memory counterpart of
    /// Redis's <c>CompletedRetention</c>. Keep it above the sum of the retry delays. Default: 1 minute.
    /// </summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// At most this many finished instances and participant records are kept, whatever their age,
    /// so memory stays bounded at any rate; beyond it the oldest finished go first, with a warning
    /// (event 1013) when they were younger than <see cref="CompletedRetention"/>. Live instances are
    /// never removed. Default: 100,000 (about 30 MB).
    /// </summary>
    public int MaxCompleted { get; set; } = 100_000;

    /// <summary>
    /// How many conversations (correlation ids) the transport keeps the messages of, for
    /// <see cref="IFlowHistory"/>; beyond it the conversation seen first is forgotten. 0 keeps none. Default: 1,000.
    /// </summary>
    public int MaxFlows { get; set; } = 1_000;
}
