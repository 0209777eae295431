using System.Text.Json;

namespace Sagas;

/// <summary>
/// The saved form of a saga's data with its compensation log, written and read by generated code.
/// Kept in one JSON document so that stores save it as one opaque value.
/// </summary>
public static class SagaDocument
{
    /// <summary>Serializes a saga's data and its compensation log.</summary>
    public static string Write<TData>(TData data, SagaCompensation compensation, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(new Document<TData> { Data = data, Steps = compensation.CompletedSteps, Undone = compensation.UndoneSteps, Compensating = compensation.Running }, options);

    /// <summary>Reads what <see cref="Write{TData}"/> wrote, filling <paramref name="compensation"/> with the saved log.</summary>
    /// <exception cref="JsonException">The document is not valid saga data of this type.</exception>
    public static TData Read<TData>(string document, SagaCompensation compensation, JsonSerializerOptions options)
        where TData : class, new()
    {
        var read = JsonSerializer.Deserialize<Document<TData>>(document, options)
            ?? throw new JsonException("A saved saga document is 'null'.");
        compensation.CompletedSteps.AddRange(read.Steps);
        compensation.UndoneSteps.AddRange(read.Undone);
        compensation.Running = read.Compensating;
        return read.Data ?? new TData();
    }

    private sealed class Document<TData>
    {
        public TData? Data { get; set; }

        public List<string> Steps { get; set; } = [];

        public List<string> Undone { get; set; } = [];

        public SagaCompensation.Progress? Compensating { get; set; }
    }
}
