using System.Text.Json;

namespace Sagas;

/// <summary>Settings of the saga engine; bind them from the <c>Sagas</c> configuration section or set them in code.</summary>
public sealed class SagasOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "Sagas";

    /// <summary>
    /// What happens to a message for a saga instance that does not exist, when the message does not
    /// start one. Default: <see cref="MissingSagaPolicy.Ignore"/>, with a warning in the log.
    /// </summary>
    public MissingSagaPolicy MissingSaga { get; set; } = MissingSagaPolicy.Ignore;

    /// <summary>
    /// How many times a step is re-run after a version conflict (another worker saved the same
    /// instance first) before the message is given back to the transport. Default: 10.
    /// </summary>
    public int MaxConcurrencyRetries { get; set; } = 10;

    /// <summary>How many messages a hosted worker handles at once. Default: 1.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>
    /// Makes the in-memory transport serialize and deserialize every message, as Redis would, so
    /// tests catch messages that do not survive JSON. Default: <see langword="false"/> (by reference).
    /// </summary>
    public bool SerializeInMemoryMessages { get; set; }

    /// <summary>JSON settings for messages and saga data. Default: <see cref="JsonSerializerDefaults.Web"/>.</summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);
}

/// <summary>What the engine does with a message for a saga instance that does not exist.</summary>
public enum MissingSagaPolicy
{
    /// <summary>Log a warning and acknowledge the message: it was late, or for a saga already removed.</summary>
    Ignore,

    /// <summary>Throw <see cref="SagaNotFoundException"/>, so the transport dead-letters the message.</summary>
    Fault,
}
