using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Sagas.Generators.Model;

namespace Sagas.Generators.Emit;

/// <summary>
/// Writes what is global to a project: the message registry (wire name ↔ type ↔ serializer), the
/// router (message → sagas, with the correlation key read by generated code), the assembly's
/// <c>[SagaModule]</c> so that referencing projects compose both, and, through
/// <see cref="RegistrationEmitter"/>, <c>services.AddSagas()</c> and the participants' registrations.
/// </summary>
internal static class RegistryEmitter
{
    public static string Emit(ModuleSpec module, ImmutableArray<SagaSpec> sagas, ImmutableArray<MessageSpec> messages, ImmutableArray<ParticipantSpec> participants)
    {
        var known = KnownMessages(sagas, messages.AddRange(participants.SelectMany(p => p.Messages.Concat(p.Sent))));
        // A wire name used twice is SAGA021's or SAGA029's error; keeping the first keeps the generated code compiling.
        var registered = known.GroupBy(m => m.WireName).Select(g => g.First()).ToList();

        var w = new SourceWriter().FileHeader();
        RegistrationEmitter.EmitImports(w, module, participants);
        EmitModule(w, module, known, participants.Length > 0);
        w.Open($"namespace {module.Namespace}");
        EmitRegistry(w, module, sagas, registered);
        w.Line();
        EmitRouter(w, module, sagas, registered);
        w.Line();
        RegistrationEmitter.Emit(w, module, participants);
        w.Close();
        return w.ToString();
    }

    // Messages declared here, those the participants handle or send, and those the sagas receive
    // (RoutesOf: handled, confirmations, their timeouts), ignore or send, from referenced contracts
    // assemblies too; by wire name.
    private static List<MessageSpec> KnownMessages(ImmutableArray<SagaSpec> sagas, ImmutableArray<MessageSpec> messages) =>
        messages
            .Concat(RoutesOf(sagas).Select(r => r.Message))
            .Concat(sagas.SelectMany(s => s.Ignores).Select(i => i.Message))
            .Concat(sagas.SelectMany(s => s.SentMessages))
            .GroupBy(m => m.TypeName)
            .Select(g => g.First())
            .OrderBy(m => m.WireName, System.StringComparer.Ordinal)
            .ThenBy(m => m.TypeName, System.StringComparer.Ordinal)
            .ToList();

    // The assembly's [SagaModule]: its registry and router, which referencing projects compose, and
    // every message type it knows, duplicates of a wire name included, for SAGA029 to compare.
    private static void EmitModule(SourceWriter w, ModuleSpec module, List<MessageSpec> known, bool hasParticipants)
    {
        w.Line("[assembly: global::Sagas.SagaModule(");
        w.Indent();
        w.Line($"typeof(global::{module.Namespace}.MessageRegistry),");
        w.Line($"typeof(global::{module.Namespace}.SagaRouter){(known.Count > 0 || hasParticipants ? "," : ")]")}");
        for (var i = 0; i < known.Count; i++)
        {
            w.Line($"typeof({known[i].TypeName}){(i < known.Count - 1 || hasParticipants ? "," : ")]")}");
        }

        if (hasParticipants)
        {
            w.Line($"Participants = typeof(global::{module.Namespace}.{RegistrationEmitter.ParticipantsClass}))]");
        }

        w.Outdent();
        w.Line();
    }

    // Messages are found by their exact type in a frozen table, then by index in int switches: a
    // type-pattern switch over thousands of types is slow to compile and tests types one by one.
    private static void EmitRegistry(SourceWriter w, ModuleSpec module, ImmutableArray<SagaSpec> sagas, List<MessageSpec> messages)
    {
        var referenced = module.Referenced.Select(r => r.Registry + ".Instance").ToList();
        w.Line("/// <summary>Every event and command this project knows, by wire name, then those of the projects it references.</summary>");
        w.Line(Generated.CodeAttribute);
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open("public sealed class MessageRegistry : global::Sagas.IMessageRegistry");
        w.Line("/// <summary>The one instance.</summary>");
        w.Line("public static readonly MessageRegistry Instance = new();");
        w.Line();
        w.Line($"private static readonly global::Sagas.IMessageRegistry[] s_referenced = [{string.Join(", ", referenced)}];");
        w.Line();
        w.Line("private static readonly string[] s_ownWireNames = [" + string.Join(", ", messages.Select(m => Generated.Literal(m.WireName))) + "];");
        w.Line();
        w.Line("private static readonly global::System.Collections.Frozen.FrozenDictionary<global::System.Type, int> s_indexes =");
        w.Line("    global::System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(new global::System.Collections.Generic.KeyValuePair<global::System.Type, int>[]");
        w.Line("    {");
        for (var i = 0; i < messages.Count; i++)
        {
            w.Line($"        new(typeof({messages[i].TypeName}), {i}),");
        }

        w.Line("    });");
        w.Line();
        w.Line("private static readonly string[] s_wireNames = global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Distinct(");
        w.Line("    global::System.Linq.Enumerable.Concat(s_ownWireNames, global::System.Linq.Enumerable.SelectMany(s_referenced, r => r.WireNames))));");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public global::System.Collections.Generic.IReadOnlyCollection<string> WireNames => s_wireNames;");
        w.Line();
        w.Line("/// <summary>The index of a message type of this project, or -1; the router switches on it.</summary>");
        w.Line("internal static int IndexOf(global::System.Type messageType) => s_indexes.TryGetValue(messageType, out var index) ? index : -1;");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public bool TryGetWireName(object message, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? wireName) =>");
        w.Line("    TryGetWireNameOf(message.GetType(), out wireName);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public bool TryGetWireNameOf(global::System.Type messageType, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? wireName) =>");
        w.Line("    TryGetWireNameOf(messageType, out wireName, out _);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public bool TryGetWireNameOf(global::System.Type messageType, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? wireName, out int version)");
        w.Open("if (s_indexes.TryGetValue(messageType, out var index))");
        w.Line("wireName = s_ownWireNames[index];");
        w.Line("version = VersionAt(index);");
        w.Line("return true;");
        w.Close();
        w.Line();
        EmitFallback(w, "TryGetWireNameOf(messageType, out wireName, out version)", "wireName = null;", "version = 1;");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public bool TryDeserialize(string wireName, global::System.ReadOnlySpan<byte> body, global::System.Text.Json.JsonSerializerOptions options, "
            + "[global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? message)");
        if (messages.Count > 0)
        {
            w.Open("switch (wireName)");
            foreach (var message in messages)
            {
                w.Line($"case {Generated.Literal(message.WireName)}:");
                w.Indent()
                    .Line($"message = global::Sagas.SagaJson.Deserialize<{message.TypeName}>(body, options)")
                    .Line($"    ?? throw new global::System.Text.Json.JsonException({Generated.Literal("The body of a " + message.WireName + " message is 'null'.")});")
                    .Line("return true;")
                    .Outdent();
            }

            w.Close();
            w.Line();
        }

        EmitFallback(w, "TryDeserialize(wireName, body, options, out message)", "message = null;");
        w.Close();
        w.Line();
        EmitVersionedDeserialize(w, messages);
        w.Line();
        EmitVersionOf(w, messages);
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public byte[] Serialize(object message, global::System.Text.Json.JsonSerializerOptions options)");
        if (messages.Count > 0)
        {
            w.Open("switch (IndexOf(message.GetType()))");
            for (var i = 0; i < messages.Count; i++)
            {
                w.Line($"case {i}: return global::Sagas.SagaJson.SerializeToUtf8Bytes(({messages[i].TypeName})message, options);");
            }

            w.Close();
            w.Line();
        }

        w.Open("foreach (var registry in s_referenced)");
        w.Open("if (registry.TryGetWireName(message, out _))");
        w.Line("return registry.Serialize(message, options);");
        w.Close();
        w.Close();
        w.Line();
        w.Line("throw global::Sagas.UnknownMessageTypeException.ForType(message.GetType());");
        w.Close();
        w.Line();
        EmitKeyChecks(w, sagas, messages);
        w.Close();
    }

    // A message written at an earlier version goes through the type's upcasters in order, from the
    // shape of its version to the current type; one written at a later version is refused.
    private static void EmitVersionedDeserialize(SourceWriter w, List<MessageSpec> messages)
    {
        w.Line("/// <inheritdoc/>");
        w.Open("public bool TryDeserialize(string wireName, int version, global::System.ReadOnlySpan<byte> body, global::System.Text.Json.JsonSerializerOptions options, "
            + "[global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? message)");
        if (messages.Count > 0)
        {
            w.Open("switch (wireName)");
            foreach (var message in messages)
            {
                var newer = $"throw new global::Sagas.MessageVersionException({Generated.Literal(message.WireName)}, {Generated.Literal(message.TypeName.Replace("global::", string.Empty))}, version, {message.Version})";
                w.Line($"case {Generated.Literal(message.WireName)}:");
                w.Indent();
                if (message.Version <= 1)
                {
                    w.Line($"message = version <= 1 ? ({Read(message, message.TypeName)}) : {newer};");
                }
                else
                {
                    w.Line("message = version switch");
                    w.Line("{");
                    w.Indent();
                    for (var from = 1; from < message.Version; from++)
                    {
                        w.Line($"{(from == 1 ? "<= 1" : from.ToString(System.Globalization.CultureInfo.InvariantCulture))} => {Upcast(message, from)},");
                    }

                    w.Line($"{message.Version} => {Read(message, message.TypeName)},");
                    w.Line($"_ => {newer},");
                    w.Outdent();
                    w.Line("};");
                }

                w.Line("return true;");
                w.Outdent();
            }

            w.Close();
            w.Line();
        }

        EmitFallback(w, "TryDeserialize(wireName, version, body, options, out message)", "message = null;");
        w.Close();
    }

    // The chain from a version to the current type: read the shape the upcaster from that version
    // takes, then apply each upcaster in turn. A missing link is SAGA036's error; the generated code
    // still compiles, and refuses such a message.
    private static string Upcast(MessageSpec message, int from)
    {
        var chain = new List<UpcasterSpec>();
        for (var version = from; version < message.Version; version++)
        {
            var upcaster = message.Upcasters.FirstOrDefault(u => u.FromVersion == version);
            if (upcaster is null)
            {
                return $"throw new global::System.Text.Json.JsonException({Generated.Literal($"{message.WireName} has no upcaster from version {version} ([UpcastFrom({version})]).")})";
            }

            chain.Add(upcaster);
        }

        var expression = Read(message, chain[0].ParameterType);
        foreach (var upcaster in chain)
        {
            expression = $"{message.TypeName}.{upcaster.Method}({expression})";
        }

        return expression;
    }

    private static string Read(MessageSpec message, string typeName) =>
        $"global::Sagas.SagaJson.Deserialize<{typeName}>(body, options) ?? throw new global::System.Text.Json.JsonException({Generated.Literal("The body of a " + message.WireName + " message is 'null'.")})";

    // The version publishing stamps on an envelope: this project's own types by index (VersionAt),
    // else the referenced projects', through the one look-up that gives the wire name too.
    private static void EmitVersionOf(SourceWriter w, List<MessageSpec> messages)
    {
        w.Line("/// <inheritdoc/>");
        w.Line("public int VersionOf(global::System.Type messageType) => TryGetWireNameOf(messageType, out _, out var version) ? version : 1;");
        w.Line();
        var versioned = messages.Select((m, i) => (m, i)).Where(x => x.m.Version > 1).ToList();
        if (versioned.Count == 0)
        {
            w.Line("private static int VersionAt(int index) => 1;");
            return;
        }

        w.Line("private static int VersionAt(int index) => index switch");
        w.Line("{");
        w.Indent();
        foreach (var (m, i) in versioned)
        {
            w.Line($"{i} => {m.Version},");
        }

        w.Line("_ => 1,");
        w.Outdent();
        w.Line("};");
    }

    // The keys a message must not arrive without: those the sagas that handle it read (the router
    // reads them too, but a process without sagas has no router), and those of the sagas that send
    // it, which a participant's reply needs to find the saga again.
    private static void EmitKeyChecks(SourceWriter w, ImmutableArray<SagaSpec> sagas, List<MessageSpec> messages)
    {
        var indexes = messages.Select((m, i) => (m.TypeName, i)).ToDictionary(x => x.TypeName, x => x.i);
        var checks = RoutesOf(sagas)
            .Where(r => r.CorrelationAccess is not null)
            .Select(r => (r.Message, Access: r.CorrelationAccess!))
            .Concat(sagas.SelectMany(s => s.KeyedSent).Select(k => (k.Message, Access: k.CorrelationAccess)))
            .Where(c => indexes.ContainsKey(c.Message.TypeName))
            .GroupBy(c => c.Message.TypeName)
            .OrderBy(g => indexes[g.Key])
            .ToList();

        w.Line("/// <inheritdoc/>");
        w.Open("public void CheckKeys(object message)");
        if (checks.Count > 0)
        {
            w.Open("switch (IndexOf(message.GetType()))");
            foreach (var group in checks)
            {
                w.Line($"case {indexes[group.Key]}:");
                w.Indent();
                var typeName = group.Key;
                foreach (var access in group.Select(c => c.Access).Distinct().OrderBy(a => a, System.StringComparer.Ordinal))
                {
                    var source = Generated.Literal(typeName.Substring(typeName.LastIndexOf('.') + 1) + "." + access.Split('.')[0]);
                    w.Line($"_ = global::Sagas.CorrelationKeys.From((({typeName})message).{access}, {source});");
                }

                w.Line("break;");
                w.Outdent();
            }

            w.Close();
            w.Line();
        }

        w.Open("foreach (var registry in s_referenced)");
        w.Line("registry.CheckKeys(message);");
        w.Close();
        w.Close();
    }

    // After this project's own messages: the referenced projects', in a fixed order.
    private static void EmitFallback(SourceWriter w, string call, params string[] notFound)
    {
        w.Open("foreach (var registry in s_referenced)");
        w.Open($"if (registry.{call})");
        w.Line("return true;");
        w.Close();
        w.Close();
        w.Line();
        foreach (var line in notFound)
        {
            w.Line(line);
        }

        w.Line("return false;");
    }

    private static void EmitRouter(SourceWriter w, ModuleSpec module, ImmutableArray<SagaSpec> sagas, List<MessageSpec> messages)
    {
        // One case per message index; each saga that handles the message reads its own key from it.
        var indexes = messages.Select((m, i) => (m.TypeName, i)).ToDictionary(x => x.TypeName, x => x.i);
        var routes = RoutesOf(sagas)
            .Where(r => indexes.ContainsKey(r.Message.TypeName))
            .GroupBy(r => r.Message.TypeName)
            .OrderBy(g => indexes[g.Key])
            .ToList();

        w.Line("/// <summary>Which sagas handle each message, and which instance; then the routers of referenced projects.</summary>");
        w.Line(Generated.CodeAttribute);
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open("public sealed class SagaRouter : global::Sagas.ISagaRouter");
        w.Line("/// <summary>The one instance.</summary>");
        w.Line("public static readonly SagaRouter Instance = new();");
        w.Line();
        var referencedRouters = string.Join(", ", module.Referenced.Select(r => r.Router + ".Instance"));
        var handled = routes.Select(g => Generated.Literal(g.First().Message.WireName));
        w.Line($"private static readonly global::Sagas.ISagaRouter[] s_referenced = [{referencedRouters}];");
        w.Line();
        w.Line("private static readonly string[] s_handledWireNames = global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Distinct(");
        w.Line("    global::System.Linq.Enumerable.Concat(new string[] { " + string.Join(", ", handled) + " }, global::System.Linq.Enumerable.SelectMany(s_referenced, r => r.HandledWireNames))));");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public global::System.Collections.Generic.IReadOnlyCollection<string> HandledWireNames => s_handledWireNames;");
        w.Line();
        // Every saga of the application, for tools that list them (the inspector): this project's, then the referenced ones'.
        var definitions = string.Join(", ", sagas.Select(saga => SagaTypeName(saga) + ".SagaDefinition.Instance"));
        w.Line("private static readonly global::Sagas.ISagaDefinition[] s_sagas = global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Distinct(");
        w.Line("    global::System.Linq.Enumerable.Concat(new global::Sagas.ISagaDefinition[] { " + definitions + " }, global::System.Linq.Enumerable.SelectMany(s_referenced, r => r.Sagas))));");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public global::System.Collections.Generic.IReadOnlyList<global::Sagas.ISagaDefinition> Sagas => s_sagas;");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public void Route(object message, global::System.Collections.Generic.List<global::Sagas.SagaRoute> routes)");
        if (routes.Count > 0)
        {
            w.Open("switch (MessageRegistry.IndexOf(message.GetType()))");
            foreach (var group in routes)
            {
                w.Open($"case {indexes[group.Key]}:");
                w.Line($"var m = ({group.Key})message;");
                foreach (var route in group.GroupBy(r => r.Saga.MetadataName).Select(g => g.First()))
                {
                    var definition = SagaTypeName(route.Saga) + ".SagaDefinition.Instance";
                    if (route.CorrelationAccess is null)
                    {
                        // A compensation's timeout names its saga and instance.
                        w.Open($"if (m.Saga == {Generated.Literal(route.Saga.MetadataName)})");
                        w.Line($"routes.Add(new global::Sagas.SagaRoute({definition}, m.CorrelationKey));");
                        w.Close();
                        continue;
                    }

                    var typeName = route.Message.TypeName;
                    var property = route.CorrelationAccess.Split('.')[0];
                    var source = Generated.Literal(typeName.Substring(typeName.LastIndexOf('.') + 1) + "." + property);
                    w.Line($"routes.Add(new global::Sagas.SagaRoute({definition}, global::Sagas.CorrelationKeys.From(m.{route.CorrelationAccess}, {source})));");
                }

                w.Line("break;");
                w.Close();
            }

            w.Close();
        }

        if (module.Referenced.Count > 0)
        {
            w.Open("foreach (var referenced in s_referenced)");
            w.Line("referenced.Route(message, routes);");
            w.Close();
        }

        w.Close();
        w.Close();
    }

    // What each saga receives: what its handlers handle, the confirmations its compensations await,
    // and their timeouts (no correlation access: the timeout carries its instance's key).
    private static IEnumerable<(SagaSpec Saga, MessageSpec Message, string? CorrelationAccess)> RoutesOf(ImmutableArray<SagaSpec> sagas) =>
        sagas.SelectMany(s => s.Handlers.Select(h => (Saga: s, h.Message, (string?)h.CorrelationAccess))
            .Concat(s.AwaitsConfirmations
                ? s.Handlers.Where(h => h.Confirmation is not null).Select(h => (s, h.Confirmation!.Message, (string?)h.Confirmation.CorrelationAccess))
                    .Append((s, SagaSpec.CompensationTimedOut, null))
                : []));

    private static string SagaTypeName(SagaSpec saga) =>
        "global::" + (saga.Namespace.Length == 0 ? saga.ClassName : saga.Namespace + "." + saga.ClassName);
}
