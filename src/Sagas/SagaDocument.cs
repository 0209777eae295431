using System.Text.Json;

namespace Sagas;

/// <summary>
/// The saved form of a saga's data with its pending compensations, written and read by generated
/// code. Kept in one JSON document so that stores save it as one opaque value.
/// </summary>
public static class SagaDocument
{
    /// <summary>Serializes a saga's data and its compensable steps.</summary>
    public static string Write<TData>(TData data, List<string> compensableSteps, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(new Document<TData> { Data = data, Steps = compensableSteps }, options);

    /// <summary>Reads what <see cref="Write{TData}"/> wrote, adding the steps to <paramref name="compensableSteps"/>.</summary>
    /// <exception cref="JsonException">The document is not valid saga data of this type.</exception>
    public static TData Read<TData>(string document, List<string> compensableSteps, JsonSerializerOptions options)
        where TData : class, new()
    {
        var read = JsonSerializer.Deserialize<Document<TData>>(document, options)
            ?? throw new JsonException("A saved saga document is 'null'.");
        compensableSteps.AddRange(read.Steps);
        return read.Data ?? new TData();
    }

    private sealed class Document<TData>
    {
        public TData? Data { get; set; }

        public List<string> Steps { get; set; } = [];
    }
}
