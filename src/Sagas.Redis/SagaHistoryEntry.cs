using System.Text.Json;

namespace Sagas;

/// <summary>One saved transition of a saga instance, as the Redis store's history keeps it.</summary>
/// <param name="At">When the save happened, by the Redis server's clock.</param>
/// <param name="MessageId">The handled message.</param>
/// <param name="MessageType">Its wire name.</param>
/// <param name="FromState">The state before; <see langword="null"/> when the message started the instance.</param>
/// <param name="ToState">The state after.</param>
public sealed record SagaHistoryEntry(DateTimeOffset At, string MessageId, string MessageType, string? FromState, string ToState)
{
    // The save script prepends {"at":<server ms>, so the entry's time is the server's, taken in the same atomic step.
    internal static string WriteWithoutTime(SagaCommit commit)
    {
        var json = JsonSerializer.Serialize(new Stored { MessageId = commit.MessageId, MessageType = commit.MessageType, FromState = commit.FromState, ToState = commit.State }, RedisJsonContext.Default.Stored);
        return json[1..];
    }

    internal static SagaHistoryEntry Read(byte[] json)
    {
        var stored = JsonSerializer.Deserialize(json, RedisJsonContext.Default.Stored) ?? throw new JsonException("A saga history entry is 'null'.");
        return new SagaHistoryEntry(DateTimeOffset.FromUnixTimeMilliseconds(stored.At), stored.MessageId, stored.MessageType, stored.FromState, stored.ToState);
    }

    internal sealed class Stored
    {
        // Left out when writing: the save script puts the server's time first.
        [System.Text.Json.Serialization.JsonPropertyName("at")]
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
        public long At { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("id")]
        public string MessageId { get; set; } = "";

        [System.Text.Json.Serialization.JsonPropertyName("type")]
        public string MessageType { get; set; } = "";

        [System.Text.Json.Serialization.JsonPropertyName("from")]
        public string? FromState { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("to")]
        public string ToState { get; set; } = "";
    }
}
