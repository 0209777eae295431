using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Sagas.Generators.Model;

namespace Sagas.Generators.Emit;

/// <summary>
/// Writes what is global to a project: the message registry (wire name ↔ type ↔ serializer), the
/// router (message → sagas, with the correlation key read by generated code) and the
/// <c>services.AddSagas()</c> that registers both.
/// </summary>
internal static class RegistryEmitter
{
    private const string Namespace = "Sagas.Generated";

    public static string Emit(ImmutableArray<SagaSpec> sagas, ImmutableArray<MessageSpec> messages)
    {
        var w = new SourceWriter().FileHeader();
        w.Open($"namespace {Namespace}");
        EmitRegistry(w, AllMessages(sagas, messages));
        w.Line();
        EmitRouter(w, sagas);
        w.Close();
        w.Line();
        EmitRegistration(w);
        return w.ToString();
    }

    // Messages declared here, and those the sagas handle from referenced contracts assemblies.
    private static List<MessageSpec> AllMessages(ImmutableArray<SagaSpec> sagas, ImmutableArray<MessageSpec> messages) =>
        messages.Concat(sagas.SelectMany(s => s.Handlers).Select(h => h.Message))
            .GroupBy(m => m.TypeName)
            .Select(g => g.First())
            .OrderBy(m => m.WireName, System.StringComparer.Ordinal)
            .ToList();

    private static void EmitRegistry(SourceWriter w, List<MessageSpec> messages)
    {
        w.Line("/// <summary>Every event and command this project knows, by wire name.</summary>");
        w.Line(Generated.CodeAttribute);
        w.Open("internal sealed class GeneratedMessageRegistry : global::Sagas.IMessageRegistry");
        w.Line("public static readonly GeneratedMessageRegistry Instance = new();");
        w.Line();
        w.Line("private static readonly string[] s_wireNames = [" + string.Join(", ", messages.Select(m => Generated.Literal(m.WireName))) + "];");
        w.Line();
        w.Line("public global::System.Collections.Generic.IReadOnlyCollection<string> WireNames => s_wireNames;");
        w.Line();
        w.Open("public bool TryGetWireName(object message, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? wireName)");
        w.Open("switch (message)");
        foreach (var message in messages)
        {
            w.Line($"case {message.TypeName}: wireName = {Generated.Literal(message.WireName)}; return true;");
        }

        w.Line("default: wireName = null; return false;");
        w.Close();
        w.Close();
        w.Line();
        w.Open("public bool TryDeserialize(string wireName, global::System.ReadOnlySpan<byte> body, global::System.Text.Json.JsonSerializerOptions options, "
            + "[global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? message)");
        w.Open("switch (wireName)");
        foreach (var message in messages)
        {
            w.Line($"case {Generated.Literal(message.WireName)}:");
            w.Indent()
                .Line($"message = global::System.Text.Json.JsonSerializer.Deserialize<{message.TypeName}>(body, options)")
                .Line($"    ?? throw new global::System.Text.Json.JsonException({Generated.Literal("A " + message.WireName + " message is 'null'.")});")
                .Line("return true;")
                .Outdent();
        }

        w.Line("default:");
        w.Indent().Line("message = null;").Line("return false;").Outdent();
        w.Close();
        w.Close();
        w.Line();
        w.Open("public byte[] Serialize(object message, global::System.Text.Json.JsonSerializerOptions options) => message switch");
        foreach (var message in messages)
        {
            w.Line($"{message.TypeName} m => global::System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(m, options),");
        }

        w.Line("_ => throw global::Sagas.UnknownMessageTypeException.ForType(message.GetType()),");
        w.Close(";");
        w.Close();
    }

    private static void EmitRouter(SourceWriter w, ImmutableArray<SagaSpec> sagas)
    {
        // One case per message type; each saga that handles it reads its own correlation property.
        var routes = sagas
            .SelectMany(s => s.Handlers.Select(h => (Saga: s, Handler: h)))
            .GroupBy(r => r.Handler.Message.TypeName)
            .OrderBy(g => g.Key, System.StringComparer.Ordinal)
            .ToList();

        w.Line("/// <summary>Which sagas handle each message, and which instance.</summary>");
        w.Line(Generated.CodeAttribute);
        w.Open("internal sealed class GeneratedSagaRouter : global::Sagas.ISagaRouter");
        w.Line("public static readonly GeneratedSagaRouter Instance = new();");
        w.Line();
        w.Open("public void Route(object message, global::System.Collections.Generic.List<global::Sagas.SagaRoute> routes)");
        if (routes.Count == 0)
        {
            w.Close().Close();
            return;
        }

        w.Open("switch (message)");
        foreach (var group in routes)
        {
            w.Line($"case {group.Key} m:");
            w.Indent();
            foreach (var route in group.GroupBy(r => r.Saga.MetadataName).Select(g => g.First()))
            {
                var typeName = route.Handler.Message.TypeName;
                var source = Generated.Literal(typeName.Substring(typeName.LastIndexOf('.') + 1) + "." + route.Handler.CorrelationProperty);
                w.Line($"routes.Add(new global::Sagas.SagaRoute({SagaTypeName(route.Saga)}.SagaDefinition.Instance, "
                    + $"global::Sagas.CorrelationKeys.From(m.{route.Handler.CorrelationProperty}, {source})));");
            }

            w.Line("break;");
            w.Outdent();
        }

        w.Close();
        w.Close();
        w.Close();
    }

    private static void EmitRegistration(SourceWriter w)
    {
        // Internal, so that two projects using the generator never see each other's AddSagas.
        w.Open("namespace Microsoft.Extensions.DependencyInjection");
        w.Line("/// <summary>Registers the sagas and messages of this project.</summary>");
        w.Line(Generated.CodeAttribute);
        w.Open("internal static class GeneratedSagasServiceCollectionExtensions");
        w.Line("/// <summary>");
        w.Line("/// Registers the saga engine with every saga and message of this project, and the in-memory");
        w.Line("/// store and transport unless others are configured on the returned builder.");
        w.Line("/// </summary>");
        w.Open("public static global::Sagas.SagasBuilder AddSagas(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, "
            + "global::System.Action<global::Sagas.SagasOptions>? configure = null)");
        w.Line("return global::Sagas.SagasServiceCollectionExtensions.AddSagas(services, "
            + $"global::{Namespace}.GeneratedMessageRegistry.Instance, global::{Namespace}.GeneratedSagaRouter.Instance, configure);");
        w.Close();
        w.Close();
        w.Close();
    }

    private static string SagaTypeName(SagaSpec saga) =>
        "global::" + (saga.Namespace.Length == 0 ? saga.ClassName : saga.Namespace + "." + saga.ClassName);
}
