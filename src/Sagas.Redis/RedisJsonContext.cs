using System.Text.Json.Serialization;

namespace Sagas;

/// <summary>The JSON of the Redis runtime's own records, generated at compile time: no reflection, so it works under Native AOT.</summary>
[JsonSerializable(typeof(SagaHistoryJson.Stored))]
[JsonSerializable(typeof(SagaCatalogEntry))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
