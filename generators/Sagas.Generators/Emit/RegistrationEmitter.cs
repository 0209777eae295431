using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Sagas.Generators.Model;

namespace Sagas.Generators.Emit;

/// <summary>
/// Writes how an application registers what the generator compiled: <c>services.AddSagas()</c> for
/// the project's sagas and messages (with those of the projects it references), and one
/// <c>Add{ClassName}()</c> per <c>[Participant]</c> class.
/// </summary>
/// <remarks>
/// Both live in the project's own generated namespace and reach its code through a generated
/// <c>global using static</c>, which applies to its own compilation only. So a project that sees a
/// referenced project's internals (<c>InternalsVisibleTo</c>, as a test project does) finds one
/// <c>AddSagas()</c>, its own, which composes the other; and a project imports the public
/// participant registrations of the projects it references, so an application registers the
/// services of its libraries as it registers its own.
/// </remarks>
internal static class RegistrationEmitter
{
    public const string RegistrationClass = "SagasRegistration";

    public const string ParticipantsClass = "Participants";

    /// <summary>The file's global usings; they must come before the assembly attribute and the namespace.</summary>
    public static void EmitImports(SourceWriter w, ModuleSpec module, ImmutableArray<ParticipantSpec> participants)
    {
        w.Line("// This project's AddSagas() and participant registrations, and the participant registrations of the projects it references.");
        w.Line($"global using static global::{module.Namespace}.{RegistrationClass};");
        if (participants.Length > 0)
        {
            w.Line($"global using static global::{module.Namespace}.{ParticipantsClass};");
        }

        foreach (var referenced in module.Referenced.Select(r => r.Participants).Where(p => p is not null).Distinct())
        {
            w.Line($"global using static {referenced};");
        }

        w.Line();
    }

    public static void Emit(SourceWriter w, ModuleSpec module, ImmutableArray<ParticipantSpec> participants)
    {
        // Internal: no other project binds to it, even one this project grants InternalsVisibleTo,
        // since only this compilation imports it.
        w.Line("/// <summary>Registers the sagas and messages of this project and of the projects it references.</summary>");
        w.Line(Generated.CodeAttribute);
        w.Open($"internal static class {RegistrationClass}");
        w.Line("/// <summary>");
        w.Line("/// Registers the saga engine with every saga and message of this project and of the referenced");
        w.Line("/// projects that use Sagas, and the in-memory store and transport unless others are configured on");
        w.Line("/// the returned builder. Participants are registered one by one with their Add{ClassName}().");
        w.Line("/// </summary>");
        w.Open("public static global::Sagas.SagasBuilder AddSagas(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, "
            + "global::System.Action<global::Sagas.SagasOptions>? configure = null)");
        w.Line("return global::Sagas.SagasServiceCollectionExtensions.AddSagas(services, "
            + $"global::{module.Namespace}.MessageRegistry.Instance, global::{module.Namespace}.SagaRouter.Instance, configure);");
        w.Close();
        w.Close();
        if (participants.Length > 0)
        {
            w.Line();
            EmitParticipants(w, participants);
        }
    }

    // Public, so that an application registers a library's participants; each method is as visible
    // as its participant, so an internal participant is registered from its own project only.
    private static void EmitParticipants(SourceWriter w, ImmutableArray<ParticipantSpec> participants)
    {
        // Two participants of one name in different namespaces get their full names, dots as underscores.
        var shared = new HashSet<string>(participants.GroupBy(p => p.MethodName).Where(g => g.Count() > 1).Select(g => g.Key));
        w.Line("/// <summary>Registers the [Participant] classes of this project, each with every message it handles.</summary>");
        w.Line(Generated.CodeAttribute);
        w.Open($"public static class {ParticipantsClass}");
        var first = true;
        foreach (var participant in participants.OrderBy(p => p.TypeName, System.StringComparer.Ordinal))
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            var name = shared.Contains(participant.MethodName)
                ? "Add" + participant.TypeName.Substring("global::".Length).Replace('.', '_')
                : participant.MethodName;
            var handled = string.Join(", ", participant.Messages.Select(m => "<see cref=\"" + m.TypeName.Substring("global::".Length) + "\"/>"));
            w.Line($"/// <summary>Registers <see cref=\"{participant.TypeName.Substring("global::".Length)}\"/> as the handler of {handled}.</summary>");
            w.Line("/// <param name=\"builder\">The builder from <c>services.AddSagas()</c>.</param>");
            w.Open($"{(participant.IsPublic ? "public" : "internal")} static global::Sagas.SagasBuilder {name}(this global::Sagas.SagasBuilder builder)");
            w.Line("return builder");
            w.Indent();
            var last = participant.Messages.Count - 1;
            for (var i = 0; i <= last; i++)
            {
                w.Line($".AddHandler<{participant.Messages[i].TypeName}, {participant.TypeName}>(){(i == last ? ";" : "")}");
            }

            w.Outdent();
            w.Close();
        }

        w.Close();
    }
}
