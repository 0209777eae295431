using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Model;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Emit;

/// <summary>
/// Writes, for a project that references MediatR, <c>AddMediatRBridge()</c>: a MediatR notification
/// handler for each of the project's <c>[Event]</c> types that is a <c>MediatR.INotification</c>,
/// which publishes it on the Sagas bus, so <c>IMediator.Publish</c> reaches the sagas too. The code is
/// compiled against the project's own MediatR; Sagas references none.
/// </summary>
internal static class MediatRBridgeEmitter
{
    /// <summary>The metadata name whose presence in the compilation turns the bridge on.</summary>
    public const string HandlerType = "MediatR.INotificationHandler`1";

    private const string NotificationType = "MediatR.INotification";

    public const string BridgeClass = "SagasMediatRBridge";

    /// <summary>The event's fully qualified name when it is a non-generic MediatR notification, else null.</summary>
    public static string? Notification(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 && type.ContainingType is null && type.AllInterfaces.Any(i => Symbols.IsNamed(i, NotificationType))
            ? type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            : null;

    /// <summary>
    /// With MediatR referenced, the events of the referenced projects that use Sagas (a contracts
    /// project, say) that are notifications; <see langword="null"/> without MediatR. Walks only the
    /// assemblies that reference Sagas.Abstractions, and only when the bridge is on.
    /// </summary>
    public static EquatableArray<string>? ReferencedNotifications(Compilation compilation)
    {
        if (compilation.GetTypeByMetadataName(HandlerType) is null)
        {
            return null;
        }

        return compilation.SourceModule.ReferencedAssemblySymbols
            .Where(a => a.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == "Sagas.Abstractions")))
            .SelectMany(a => Types(a.GlobalNamespace))
            .Where(t => t.DeclaredAccessibility == Accessibility.Public && Symbols.HasAttribute(t, KnownNames.EventAttribute))
            .Select(Notification)
            .OfType<string>()
            .OrderBy(n => n, System.StringComparer.Ordinal)
            .ToEquatableArray();
    }

    private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> Types(INamespaceSymbol space) =>
        space.GetTypeMembers().Concat(space.GetNamespaceMembers().SelectMany(Types));

    public static string Emit(ModuleSpec module, ImmutableArray<string> notifications)
    {
        var w = new SourceWriter().FileHeader();
        w.Line($"global using static global::{module.Namespace}.{BridgeClass};");
        w.Line();
        w.Open($"namespace {module.Namespace}");
        w.Line("/// <summary>Registers the bridge from MediatR notifications to the Sagas bus.</summary>");
        w.Line(Generated.CodeAttribute);
        w.Open($"internal static class {BridgeClass}");
        w.Line("/// <summary>");
        w.Line("/// Makes each <c>[Event]</c> of this project that is a MediatR <c>INotification</c>, published with");
        w.Line("/// <c>IMediator.Publish</c>, reach the Sagas bus (<c>IMessageBus.PublishAsync</c>), and so every saga");
        w.Line("/// and participant that handles it, in this process or through Redis. The application registers");
        w.Line("/// MediatR itself; this adds one notification handler per event.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"builder\">The Sagas registration.</param>");
        w.Line("/// <returns>The builder, for chaining.</returns>");
        w.Open("public static global::Sagas.SagasBuilder AddMediatRBridge(this global::Sagas.SagasBuilder builder)");
        foreach (var notification in notifications.Distinct().OrderBy(n => n, System.StringComparer.Ordinal))
        {
            w.Line($"global::Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddTransient<global::MediatR.INotificationHandler<{notification}>, Bridge<{notification}>>(builder.Services);");
        }

        w.Line("return builder;");
        w.Close();
        w.Line();
        w.Line("// Publishes the notification on the Sagas bus; MediatR awaits it like any handler.");
        w.Open("private sealed class Bridge<TNotification> : global::MediatR.INotificationHandler<TNotification> where TNotification : global::MediatR.INotification");
        w.Line("private readonly global::Sagas.IMessageBus _bus;");
        w.Line();
        w.Line("public Bridge(global::Sagas.IMessageBus bus) => _bus = bus;");
        w.Line();
        w.Line("public global::System.Threading.Tasks.Task Handle(TNotification notification, global::System.Threading.CancellationToken cancellationToken) =>");
        w.Line("    _bus.PublishAsync(notification, cancellationToken).AsTask();");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }
}
