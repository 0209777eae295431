using System.Text.Json;

namespace Sagas;

/// <summary>
/// The saved form of a saga's data with its compensation log, written and read by generated code.
/// A store that crosses a process boundary saves its <see cref="Json"/>, one opaque value; the
/// in-memory store keeps the document itself, and when the data type holds only members of
/// immutable types the generated code copies the data in and out of it with no JSON at all.
/// </summary>
public abstract class SagaDocument : IEquatable<SagaDocument>
{
    private protected SagaDocument()
    {
    }

    /// <summary>No data: what a participant's record of a handled message saves.</summary>
    internal static SagaDocument None { get; } = new JsonForm("");

    /// <summary>The document as JSON: <c>{"data":…,"steps":[…],"undone":[…],"compensating":…}</c>.</summary>
    public abstract string Json { get; }

    /// <summary>A document read back from its <see cref="Json"/>.</summary>
    public static implicit operator SagaDocument(string json) => FromJson(json);

    /// <summary>A document read back from its <see cref="Json"/>.</summary>
    public static SagaDocument FromJson(string json) => new JsonForm(json ?? throw new ArgumentNullException(nameof(json)));

    /// <summary>
    /// A saga's data and compensation log after a step, as they are now: later changes to
    /// <paramref name="data"/> or <paramref name="compensation"/> do not reach the document.
    /// </summary>
    /// <param name="data">The saga's data.</param>
    /// <param name="compensation">The saga's compensation log.</param>
    /// <param name="options">The JSON settings its <see cref="Json"/> is written with.</param>
    /// <param name="copy">
    /// A copy of the data as JSON would make it, with no JSON (generated for data types whose
    /// serialized members are all immutable); <see langword="null"/> to go through JSON.
    /// </param>
    public static SagaDocument Create<TData>(TData data, SagaCompensation compensation, JsonSerializerOptions options, Func<TData, TData>? copy = null)
        where TData : class, new()
    {
        ArgumentNullException.ThrowIfNull(compensation);
        ArgumentNullException.ThrowIfNull(options);
        return copy is null || !CopyEqualsJson(options)
            ? new JsonForm(Write(data, compensation, options))
            : new ObjectForm<TData>(copy(data), new SavedLog(compensation), options, copy);
    }

    // Settings that make JSON drop or change a value (converters, ignore conditions, a custom
    // contract resolver) would make a copy differ from what a store that saves JSON reads back.
    private static bool CopyEqualsJson(JsonSerializerOptions options) =>
        options.Converters.Count == 0
        && options.DefaultIgnoreCondition == System.Text.Json.Serialization.JsonIgnoreCondition.Never
        && !options.IgnoreReadOnlyProperties
        && options.ReferenceHandler is null
        && SagaJson.ResolvesPlainly(options);

    /// <summary>Serializes a saga's data and its compensation log.</summary>
    public static string Write<TData>(TData data, SagaCompensation compensation, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(compensation);
        return SagaDocumentJson.Write(data, compensation.CompletedSteps, compensation.UndoneSteps, compensation.Running, options);
    }

    /// <summary>The data and compensation log a document holds: copied out of it, or read from its JSON.</summary>
    /// <exception cref="JsonException">The document is not valid saga data of this type.</exception>
    public static TData Read<TData>(SagaDocument document, SagaCompensation compensation, JsonSerializerOptions options)
        where TData : class, new()
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(compensation);
        if (document is ObjectForm<TData> saved)
        {
            saved.Log.CopyTo(compensation);
            return saved.Copy(saved.Data);
        }

        return Read<TData>(document.Json, compensation, options);
    }

    /// <summary>Reads what <see cref="Write{TData}"/> wrote, filling <paramref name="compensation"/> with the saved log.</summary>
    /// <exception cref="JsonException">The document is not valid saga data of this type.</exception>
    public static TData Read<TData>(string document, SagaCompensation compensation, JsonSerializerOptions options)
        where TData : class, new()
    {
        ArgumentNullException.ThrowIfNull(compensation);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);
        return SagaDocumentJson.Read<TData>(document, compensation, options);
    }

    /// <inheritdoc/>
    public override string ToString() => Json;

    /// <summary>Whether both hold the same JSON, as records holding documents compare them.</summary>
    public bool Equals(SagaDocument? other) =>
        other is not null && (ReferenceEquals(this, other) || string.Equals(Json, other.Json, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SagaDocument);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Json);

    private sealed class JsonForm(string json) : SagaDocument
    {
        public override string Json { get; } = json;
    }

    // Written to JSON only if a store asks for it (Redis does; memory does not).
    private sealed class ObjectForm<TData>(TData data, SavedLog log, JsonSerializerOptions options, Func<TData, TData> copy) : SagaDocument
    {
        private string? _json;

        public TData Data { get; } = data;

        public SavedLog Log { get; } = log;

        public Func<TData, TData> Copy { get; } = copy;

        public override string Json => _json ??= SagaDocumentJson.Write(Data, Log.Steps, Log.Undone, Log.Progress, options);
    }

    // The compensation log as it was: arrays (most often empty ones) and a copy of the progress.
    private sealed class SavedLog(SagaCompensation compensation)
    {
        // Never handed out: a reader gets a copy (Running()), the JSON writer only reads it.
        public SagaCompensation.Progress? Progress { get; } = Copy(compensation.Running);

        public string[] Steps { get; } = [.. compensation.CompletedOrNone];

        public string[] Undone { get; } = [.. compensation.UndoneOrNone];

        public SagaCompensation.Progress? Running() => Copy(Progress);

        public void CopyTo(SagaCompensation compensation)
        {
            if (Steps.Length > 0)
            {
                compensation.CompletedSteps.AddRange(Steps);
            }

            if (Undone.Length > 0)
            {
                compensation.UndoneSteps.AddRange(Undone);
            }

            compensation.Running = Running();
        }

        private static SagaCompensation.Progress? Copy(SagaCompensation.Progress? progress) => progress is null
            ? null
            : new() { TargetState = progress.TargetState, FailedState = progress.FailedState, Step = progress.Step, Attempt = progress.Attempt };
    }
}
