using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Sagas;

/// <summary>
/// How generated code and the engine turn messages and saga data into JSON and back: always
/// through the <see cref="JsonTypeInfo{T}"/> that the options' resolver gives, never by reflection
/// of its own. On the JIT, options without a resolver get System.Text.Json's reflection-based one;
/// under Native AOT or trimming, where reflection-based serialization is off, the types come from
/// the application's <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> in
/// <see cref="SagasOptions.JsonSerializerOptions"/>.
/// </summary>
public static class SagaJson
{
    private static readonly Lock Gate = new();

    /// <summary>Reads a <typeparamref name="T"/> from UTF-8 JSON.</summary>
    /// <exception cref="JsonException">The JSON is not valid for the type.</exception>
    /// <exception cref="InvalidOperationException">Reflection-based serialization is off and no resolver knows the type.</exception>
    public static T? Deserialize<T>(ReadOnlySpan<byte> json, JsonSerializerOptions options) => JsonSerializer.Deserialize(json, TypeInfo<T>(options));

    /// <summary>Writes a <typeparamref name="T"/> as UTF-8 JSON.</summary>
    /// <exception cref="InvalidOperationException">Reflection-based serialization is off and no resolver knows the type.</exception>
    public static byte[] SerializeToUtf8Bytes<T>(T value, JsonSerializerOptions options) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>(options));

    /// <summary>The metadata the options' resolver has for <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">Reflection-based serialization is off and no resolver knows the type.</exception>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TypeInfoResolver is null)
        {
            AddResolver(options);
        }

        try
        {
            return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        }
        catch (NotSupportedException e) when (!JsonSerializer.IsReflectionEnabledByDefault)
        {
            throw Unknown(typeof(T), e);
        }
    }

    /// <summary>
    /// The default <see cref="SagasOptions.JsonSerializerOptions"/>: web defaults (camelCase names),
    /// resolving the engine's own messages from generated code and, where reflection-based
    /// serialization is enabled (not under Native AOT), every other type by reflection. Insert the
    /// application's <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> first in its
    /// <see cref="JsonSerializerOptions.TypeInfoResolverChain"/>.
    /// </summary>
    public static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        AddResolvers(options);
        return options;
    }

    /// <summary>
    /// Whether every resolver in the chain reads and writes a type's public members as they are:
    /// generated contexts and System.Text.Json's reflection-based resolver without modifiers.
    /// </summary>
    internal static bool ResolvesPlainly(JsonSerializerOptions options)
    {
        foreach (var resolver in options.TypeInfoResolverChain)
        {
            if (resolver is not (JsonSerializerContext or DefaultJsonTypeInfoResolver { Modifiers.Count: 0 }))
            {
                return false;
            }
        }

        return true;
    }

    // Options created without a resolver (new JsonSerializerOptions { ... }) get the same resolvers as the default.
    private static void AddResolver(JsonSerializerOptions options)
    {
        lock (Gate)
        {
            if (options.TypeInfoResolver is not null)
            {
                return;
            }

            if (!JsonSerializer.IsReflectionEnabledByDefault)
            {
                throw Unknown(null, null);
            }

            AddResolvers(options);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The reflection-based resolver is added only where reflection-based serialization is enabled; trimmed and AOT applications turn it off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The reflection-based resolver is added only where reflection-based serialization is enabled; trimmed and AOT applications turn it off.")]
    private static void AddResolvers(JsonSerializerOptions options)
    {
        options.TypeInfoResolverChain.Add(SagasJsonContext.Default);
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        }
    }

    private static InvalidOperationException Unknown(Type? type, Exception? inner) => new(
        (type is null ? "Sagas.JsonSerializerOptions has no TypeInfoResolver" : $"No JSON metadata for {type.FullName}")
        + ", and reflection-based serialization is off (Native AOT or trimming). List your messages and saga data in a "
        + "JsonSerializerContext ([JsonSerializable(typeof(OrderPlaced))] partial class AppJson : JsonSerializerContext) and add it: "
        + "services.AddSagas(o => o.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, AppJson.Default)).",
        inner);
}
