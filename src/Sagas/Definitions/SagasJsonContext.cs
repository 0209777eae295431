using System.Text.Json.Serialization;

namespace Sagas;

/// <summary>
/// The JSON of the engine's own messages, generated at compile time. It sits in the resolver chain
/// of the default <see cref="SagasOptions.JsonSerializerOptions"/>, so these messages serialize
/// under Native AOT beside the application's own context.
/// </summary>
[JsonSerializable(typeof(CompensationTimedOut))]
internal sealed partial class SagasJsonContext : JsonSerializerContext;
