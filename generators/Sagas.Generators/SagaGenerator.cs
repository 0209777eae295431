using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sagas.Generators.Analyzers;
using Sagas.Generators.Contracts;
using Sagas.Generators.Emit;
using Sagas.Generators.Model;
using Sagas.Generators.Parsing;

namespace Sagas.Generators;

/// <summary>
/// Compiles <c>[Saga]</c> classes and <c>[Event]</c> / <c>[Command]</c> types into typed dispatch,
/// a message registry, a router and registration. Only specs (strings and flags) flow between the
/// steps, so an edit that changes no saga re-emits nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SagaGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Per saga: the syntax predicate keeps the semantic transform off every other class.
        var sagas = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.SagaAttribute, static (node, _) => node is ClassDeclarationSyntax, static (ctx, ct) =>
            {
                // What handlers send matters to the analyzers only; the registry takes what any method sends.
                var saga = (INamedTypeSymbol)ctx.TargetSymbol;
                return SagaSpecBuilder.From(SagaModelBuilder.Build(saga, static _ => [], ct), SentMessages.In(saga, ctx.SemanticModel, ct));
            })
            .Where(static s => s is not null)
            .Select(static (s, _) => s!)
            .WithTrackingName(TrackingNames.Sagas);

        // Per workflow: read into a spec, then described as the saga it compiles to.
        var workflows = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.WorkflowAttribute, static (node, _) => node is ClassDeclarationSyntax, static (ctx, ct) =>
            {
                if (WorkflowReader.Read((INamedTypeSymbol)ctx.TargetSymbol, ct).Spec is not { } workflow)
                {
                    return null;
                }

                var sent = SentMessages.In((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel, ct);
                return workflow with
                {
                    Sent = SentMessages.Registered(sent),
                    KeyedSent = workflow.KeyedSent.Concat(SentMessages.CarryingKey(sent, workflow.KeyName, workflow.KeyType)).Distinct().ToEquatableArray(),
                };
            })
            .Where(static w => w is not null)
            .Select(static (w, _) => w!)
            .WithTrackingName(TrackingNames.Workflows);
        var workflowSagas = workflows.Select(static (w, _) => WorkflowEmitter.ToSaga(w)).WithTrackingName(TrackingNames.WorkflowSagas);

        var eventTypes = Messages(context, KnownNames.EventAttribute);
        var commandTypes = Messages(context, KnownNames.CommandAttribute);
        var events = eventTypes.Where(static m => m.Spec is not null).Select(static (m, _) => m.Spec!).WithTrackingName(TrackingNames.Events);
        var commands = commandTypes.Where(static m => m.Spec is not null).Select(static (m, _) => m.Spec!).WithTrackingName(TrackingNames.Commands);
        var participants = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.ParticipantAttribute, static (node, _) => node is ClassDeclarationSyntax, static (ctx, ct) =>
                ParticipantParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, SentMessages.RegisteredIn((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel, ct)))
            .Where(static p => p is not null)
            .Select(static (p, _) => p!)
            .WithTrackingName(TrackingNames.Participants);

        // The few compilation-wide facts, selected into one equatable value: generated code calls the
        // runtime (a project with only Sagas.Abstractions gets nothing) and composes referenced modules.
        var module = context.CompilationProvider
            .Select(static (c, _) => ModuleReader.Read(c))
            .WithTrackingName(TrackingNames.Module);

        // A workflow's dispatch is a saga's; its own file holds what that dispatch calls.
        context.RegisterSourceOutput(sagas.Combine(module), EmitSaga);
        context.RegisterSourceOutput(workflowSagas.Combine(module), EmitSaga);
        context.RegisterSourceOutput(workflows.Combine(module), static (spc, pair) =>
        {
            if (pair.Right is not null)
            {
                spc.AddSource(pair.Left.MetadataName + ".Workflow.g.cs", WorkflowEmitter.Emit(pair.Left));
            }
        });

        // Diagram files only when the project opts in (SagasEmitDiagrams). One bool out of all the
        // options, so a change to any other option or file re-emits nothing.
        var emitDiagrams = context.AnalyzerConfigOptionsProvider
            .Select(static (o, _) => DiagramFileEmitter.IsEnabled(o.GlobalOptions))
            .WithTrackingName(TrackingNames.EmitDiagrams);

        context.RegisterSourceOutput(sagas.Combine(emitDiagrams), EmitDiagrams);
        context.RegisterSourceOutput(workflowSagas.Combine(emitDiagrams), EmitDiagrams);

        // The Stateless bridge only in a project that references Stateless: one bool from the compilation.
        var stateless = context.CompilationProvider
            .Select(static (c, _) => c.GetTypeByMetadataName(StatelessEmitter.StateMachineType) is not null)
            .WithTrackingName(TrackingNames.Stateless);
        context.RegisterSourceOutput(sagas.Combine(stateless), static (spc, pair) =>
        {
            if (pair.Right)
            {
                spc.AddSource(pair.Left.MetadataName + ".Stateless.g.cs", StatelessEmitter.Emit(pair.Left));
            }
        });

        // The MediatR bridge only in a project that references MediatR, over the events that are
        // notifications: its own, and those of the referenced projects that use Sagas.
        var notifications = eventTypes
            .Where(static m => m.Notification is not null)
            .Select(static (m, _) => m.Notification!)
            .Collect()
            .Select(static (n, _) => n.ToEquatableArray())
            .WithTrackingName(TrackingNames.Notifications);
        var referencedNotifications = context.CompilationProvider
            .Select(static (c, _) => MediatRBridgeEmitter.ReferencedNotifications(c))
            .WithTrackingName(TrackingNames.ReferencedNotifications);
        context.RegisterSourceOutput(notifications.Combine(referencedNotifications).Combine(module), static (spc, x) =>
        {
            if (x.Left.Right is { } referenced && x.Right is not null && x.Left.Left.Count + referenced.Count > 0)
            {
                spc.AddSource("Sagas.Generated.MediatR.g.cs", MediatRBridgeEmitter.Emit(x.Right, [.. x.Left.Left, .. referenced]));
            }
        });

        RegisterContractBaseline(context);

        // The registry and router are global: the only steps that collect.
        var allSagas = sagas.Collect().Combine(workflowSagas.Collect()).Select(static (x, _) => x.Left.AddRange(x.Right));
        var registry = allSagas
            .Combine(events.Collect().Combine(commands.Collect()))
            .Combine(participants.Collect())
            .Combine(module)
            .Select(static (x, _) => (
                Sagas: x.Left.Left.Left,
                Messages: x.Left.Left.Right.Left.AddRange(x.Left.Left.Right.Right),
                Participants: x.Left.Right,
                Module: x.Right))
            .WithTrackingName(TrackingNames.Registry);

        context.RegisterSourceOutput(registry, static (spc, x) =>
        {
            if (x.Module is not null && (x.Sagas.Length > 0 || x.Messages.Length > 0 || x.Participants.Length > 0 || x.Module.Referenced.Count > 0))
            {
                spc.AddSource("Sagas.Generated.Registry.g.cs", RegistryEmitter.Emit(x.Module, x.Sagas, x.Messages, x.Participants));
            }
        });
    }

    // The contract baseline only when the project opts in (SagasContractBaseline). The contracts are
    // read from the compilation, not per attribute: a per-type transform runs again for every type on
    // every edit, which a project that never asked would pay for; this runs only with the switch on.
    private static void RegisterContractBaseline(IncrementalGeneratorInitializationContext context)
    {
        var enabled = context.AnalyzerConfigOptionsProvider
            .Select(static (o, _) => ContractBaselineEmitter.IsEnabled(o.GlobalOptions))
            .WithTrackingName(TrackingNames.ContractBaselineEnabled);
        var contracts = context.CompilationProvider
            .Combine(enabled)
            .Select(static (x, ct) => x.Right ? ContractReader.All(x.Left, ct) : default)
            .WithTrackingName(TrackingNames.Contracts);
        var baseline = context.AdditionalTextsProvider
            .Where(static f => ContractAnalyzer.IsBaseline(f))
            .Select(static (f, ct) => f.GetText(ct)?.ToString())
            .Collect()
            .Select(static (texts, _) => texts.FirstOrDefault())
            .WithTrackingName(TrackingNames.ContractBaseline);

        context.RegisterSourceOutput(contracts.Combine(baseline).Combine(enabled), static (spc, x) =>
        {
            if (x.Right)
            {
                spc.AddSource(ContractBaselineEmitter.HintName, ContractBaselineEmitter.Emit(x.Left.Left, x.Left.Right));
            }
        });
    }

    private static void EmitSaga(SourceProductionContext context, (SagaSpec Saga, ModuleSpec? Module) pair)
    {
        if (pair.Module is not null)
        {
            context.AddSource(pair.Saga.MetadataName + ".g.cs", SagaEmitter.Emit(pair.Saga));
        }
    }

    private static void EmitDiagrams(SourceProductionContext context, (SagaSpec Saga, bool Enabled) pair)
    {
        if (pair.Enabled)
        {
            context.AddSource(DiagramFileEmitter.HintName(pair.Saga), DiagramFileEmitter.Emit(pair.Saga));
        }
    }

    // An [Event] or [Command] type: its spec for the registry and, for MediatR, whether it is a
    // notification; one attribute look-up for both, as each look-up costs every run.
    private static IncrementalValuesProvider<MessageRead> Messages(IncrementalGeneratorInitializationContext context, string attribute) =>
        context.SyntaxProvider.ForAttributeWithMetadataName(attribute, static (node, _) => node is TypeDeclarationSyntax, static (ctx, _) =>
        {
            var type = (INamedTypeSymbol)ctx.TargetSymbol;
            return new MessageRead(MessageParser.Parse(type), MediatRBridgeEmitter.Notification(type));
        });

    /// <summary>What one look-up reads of a message type.</summary>
    private sealed record MessageRead(MessageSpec? Spec, string? Notification);
}
