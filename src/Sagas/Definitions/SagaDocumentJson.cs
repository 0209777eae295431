using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sagas;

/// <summary>
/// The JSON of a saga document: <c>{"data":…,"steps":[…],"undone":[…],"compensating":{…}|null}</c>,
/// names cased by the options' naming policy and read in any case. Written by hand around the
/// data, which goes through <see cref="SagaJson"/>: the document's own shape needs no reflection,
/// so it works under Native AOT with the application's JSON context.
/// </summary>
internal static class SagaDocumentJson
{
    private static readonly string[] Pascal = ["Data", "Steps", "Undone", "Compensating", "TargetState", "FailedState", "Step", "Attempt"];
    private static readonly string[] Camel = [.. Pascal.Select(n => JsonNamingPolicy.CamelCase.ConvertName(n))];

    /// <summary>Writes the data and the compensation log.</summary>
    public static string Write<TData>(TData data, IReadOnlyList<string> steps, IReadOnlyList<string> undone, SagaCompensation.Progress? running, JsonSerializerOptions options)
    {
        var names = Names(options);
        var skipNulls = options.DefaultIgnoreCondition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName(names[0]);
            JsonSerializer.Serialize(writer, data, SagaJson.TypeInfo<TData>(options));
            WriteStrings(writer, names[1], steps);
            WriteStrings(writer, names[2], undone);
            if (running is not null)
            {
                writer.WriteStartObject(names[3]);
                writer.WriteString(names[4], running.TargetState);
                WriteNullable(writer, names[5], running.FailedState, skipNulls);
                WriteNullable(writer, names[6], running.Step, skipNulls);
                writer.WriteNumber(names[7], running.Attempt);
                writer.WriteEndObject();
            }
            else if (!skipNulls)
            {
                writer.WriteNull(names[3]);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads what <see cref="Write{TData}"/> wrote, filling <paramref name="compensation"/> with the saved log.</summary>
    /// <exception cref="JsonException">The document is not valid saga data of this type.</exception>
    public static TData Read<TData>(string json, SagaCompensation compensation, JsonSerializerOptions options)
        where TData : class, new()
    {
        try
        {
            return ReadObject<TData>(json, compensation, options);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // A value of the wrong kind (a number where a step's name belongs).
            throw new JsonException($"A saved saga document is not valid: {e.Message}", e);
        }
    }

    private static TData ReadObject<TData>(string json, SagaCompensation compensation, JsonSerializerOptions options)
        where TData : class, new()
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions
        {
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.ReadCommentHandling,
            MaxDepth = options.MaxDepth,
        });
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw new JsonException("A saved saga document is 'null'.");
        }

        Expect(ref reader, JsonTokenType.StartObject, "A saved saga document");
        TData? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (IndexOf(name))
            {
                case 0:
                    data = JsonSerializer.Deserialize(ref reader, SagaJson.TypeInfo<TData>(options));
                    break;
                case 1:
                    ReadStrings(ref reader, compensation.CompletedSteps);
                    break;
                case 2:
                    ReadStrings(ref reader, compensation.UndoneSteps);
                    break;
                case 3:
                    compensation.Running = ReadProgress(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return data ?? new TData();
    }

    private static string[] Names(JsonSerializerOptions options) =>
        options.PropertyNamingPolicy is null ? Pascal
        : ReferenceEquals(options.PropertyNamingPolicy, JsonNamingPolicy.CamelCase) ? Camel
        : [.. Pascal.Select(options.PropertyNamingPolicy.ConvertName)];

    private static int IndexOf(string? name)
    {
        for (var i = 0; i < 4; i++)
        {
            if (string.Equals(name, Pascal[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value, bool skipNulls)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
        else if (!skipNulls)
        {
            writer.WriteNull(name);
        }
    }

    private static void ReadStrings(ref Utf8JsonReader reader, List<string> into)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        Expect(ref reader, JsonTokenType.StartArray, "The steps of a saved saga document");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            into.Add(reader.GetString() ?? throw new JsonException("A step of a saved saga document is 'null'."));
        }
    }

    private static SagaCompensation.Progress? ReadProgress(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "The compensation of a saved saga document");
        var progress = new SagaCompensation.Progress();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, Pascal[4], StringComparison.OrdinalIgnoreCase))
            {
                progress.TargetState = reader.GetString() ?? "";
            }
            else if (string.Equals(name, Pascal[5], StringComparison.OrdinalIgnoreCase))
            {
                progress.FailedState = reader.GetString();
            }
            else if (string.Equals(name, Pascal[6], StringComparison.OrdinalIgnoreCase))
            {
                progress.Step = reader.GetString();
            }
            else if (string.Equals(name, Pascal[7], StringComparison.OrdinalIgnoreCase))
            {
                progress.Attempt = reader.GetInt32();
            }
            else
            {
                reader.Skip();
            }
        }

        return progress;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"{what} is not a JSON {(token == JsonTokenType.StartArray ? "array" : "object")} (found {reader.TokenType}).");
        }
    }
}
