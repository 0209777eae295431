using System.Text.Json;

namespace Sagas;

/// <summary>Settings of the saga engine: bound from the <c>Sagas</c> configuration section by <c>AddSagas()</c>, or set in code.</summary>
public sealed class SagasOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sagas";

    /// <summary>
    /// What happens to a message for a saga instance that does not exist, when the message does not
    /// start one. Default: <see cref="MissingSagaPolicy.Ignore"/>, with a warning in the log.
    /// </summary>
    public MissingSagaPolicy MissingSaga { get; set; } = MissingSagaPolicy.Ignore;

    /// <summary>
    /// What happens to a message for a finished saga instance (a final state, or
    /// <see cref="MessageContext.Complete"/>) that no handler of its state takes and the saga does not
    /// <c>[Ignore]</c>: a late reply, such as a payment captured after its timeout compensated the
    /// order. Either way it is settled at once, never retried. Default:
    /// <see cref="FinishedSagaPolicy.Ignore"/>, with a warning in the log. The saga's
    /// <c>Unexpected</c> policy is for live instances only.
    /// </summary>
    public FinishedSagaPolicy FinishedSaga { get; set; } = FinishedSagaPolicy.Ignore;

    /// <summary>
    /// How many times a step is re-run after a version conflict (another worker saved the same
    /// instance first) before the message is given back to the transport. Default: 10.
    /// </summary>
    public int MaxConcurrencyRetries { get; set; } = 10;

    /// <summary>
    /// How long a hosted worker waits before each new attempt at a message whose handling failed
    /// with an error that may pass (a handler's exception, Redis unreachable, a message that came
    /// too early for its saga's state). One entry per retry; when they are used up, the message is
    /// dead-lettered. Errors that cannot pass (an unknown type, malformed JSON, a missing
    /// correlation id) are dead-lettered at once. An empty list retries nothing. Default
    /// (<see langword="null"/>): <see cref="DefaultRetryDelays"/>, 0.2 s, 1 s, 5 s.
    /// </summary>
    /// <remarks>
    /// <see langword="null"/> rather than a list by default, because the configuration binder adds
    /// configured entries to an existing list: <c>Sagas:RetryDelays:0</c> then replaces the defaults.
    /// </remarks>
    public IList<TimeSpan>? RetryDelays { get; set; }

    /// <summary>The retry delays when <see cref="RetryDelays"/> is not set: 0.2 s, 1 s, 5 s.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRetryDelays { get; } = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    /// <summary>
    /// How old the unsent messages of a saved step must be before a redelivery of the message that
    /// caused them relays them. Younger ones may still be in the hands of the worker that saved
    /// them, and relaying them at once could send them twice; the redelivery waits until they are
    /// this old, then relays those still unsent. Default: 10 seconds.
    /// </summary>
    public TimeSpan RelayGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a saga waits for the confirmation of a compensation that declares one
    /// (<see cref="CompensatedByAttribute.ConfirmedBy"/>) before sending it again. Default: 30 seconds.
    /// </summary>
    public TimeSpan CompensationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a compensation that awaits its confirmation is sent before the saga gives up
    /// and ends in its failed state (<see cref="CompensateAttribute.FailedState"/>). Default: 3.
    /// </summary>
    public int CompensationAttempts { get; set; } = 3;

    /// <summary>How many messages a hosted worker handles at once. Default: 1.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>
    /// Makes the in-memory transport serialize and deserialize every message, as Redis would, so
    /// tests catch messages that do not survive JSON. Default: <see langword="false"/> (by reference).
    /// </summary>
    public bool SerializeInMemoryMessages { get; set; }

    /// <summary>What the embedded in-memory store and transport remember, and for how long (<c>Sagas:InMemory</c>).</summary>
    public InMemoryOptions InMemory { get; set; } = new();

    /// <summary>
    /// JSON settings for messages and saga data. Default: <see cref="SagaJson.CreateOptions"/>, web
    /// defaults with reflection-based metadata. Under Native AOT, insert your
    /// <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> listing your messages and
    /// saga data: <c>o.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, AppJson.Default)</c>.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = SagaJson.CreateOptions();
}

/// <summary>What the engine does with a message for a saga instance that does not exist.</summary>
public enum MissingSagaPolicy
{
    /// <summary>Log a warning and acknowledge the message: it was late, or for a saga already removed.</summary>
    Ignore,

    /// <summary>Throw <see cref="SagaNotFoundException"/>, so the transport dead-letters the message.</summary>
    Fault,
}

/// <summary>
/// What the engine does with a message for a finished saga instance that nothing handles or
/// ignores in its state. Neither choice retries: a finished instance never changes its mind.
/// </summary>
public enum FinishedSagaPolicy
{
    /// <summary>Log a warning naming the saga, key, state and message, and acknowledge the message.</summary>
    Ignore,

    /// <summary>Throw <see cref="SagaFinishedException"/>, so the worker dead-letters the message at once.</summary>
    DeadLetter,
}
