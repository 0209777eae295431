using System.Text.Json;

namespace Sagas;

/// <summary>A <see cref="SagaHistoryEntry"/> as the Redis store's history list keeps it: compact JSON.</summary>
internal static class SagaHistoryJson
{
    // The save script prepends {"at":<server ms>, so the entry's time is the server's, taken in the same atomic step.
    public static string WriteWithoutTime(SagaCommit commit)
    {
        var json = JsonSerializer.Serialize(new Stored { MessageId = commit.MessageId, MessageType = commit.MessageType, FromState = commit.FromState, ToState = commit.State }, RedisJsonContext.Default.Stored);
        return json[1..];
    }

    public static SagaHistoryEntry Read(byte[] json)
    {
        var stored = JsonSerializer.Deserialize(json, RedisJsonContext.Default.Stored) ?? throw new JsonException("A saga history entry is 'null'.");
        return new SagaHistoryEntry(DateTimeOffset.FromUnixTimeMilliseconds(stored.At), stored.MessageId, stored.MessageType, stored.FromState, stored.ToState, stored.Note);
    }

    /// <summary>An operator's note in the instance's state, timed <paramref name="at"/>.</summary>
    public static string WriteNote(string state, string note, DateTimeOffset at) =>
        JsonSerializer.Serialize(new Stored { At = at.ToUnixTimeMilliseconds(), FromState = state, ToState = state, Note = note }, RedisJsonContext.Default.Stored);

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

        [System.Text.Json.Serialization.JsonPropertyName("note")]
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? Note { get; set; }
    }
}
