using System.Linq;

namespace Sagas.Generators.Model;

/// <summary>A <c>[Workflow]</c> as the emitters need it; strings and flags only, so it caches.</summary>
/// <param name="Namespace">The workflow's namespace, empty for the global namespace.</param>
/// <param name="ClassName">The workflow's class name.</param>
/// <param name="MetadataName">Its full metadata name: its stored name.</param>
/// <param name="DataType">The <c>global::</c>-qualified data type.</param>
/// <param name="KeyName">The data's key property.</param>
/// <param name="KeyType">The <c>global::</c>-qualified type of the key.</param>
/// <param name="CorrelationAccess">The member path from a message to the key value.</param>
/// <param name="Start">The event that starts the workflow.</param>
/// <param name="StartCall">The user's <c>[StartedBy]</c> method.</param>
/// <param name="Steps">The steps, in order.</param>
internal sealed record WorkflowSpec(
    string Namespace,
    string ClassName,
    string MetadataName,
    string DataType,
    string KeyName,
    string KeyType,
    string CorrelationAccess,
    MessageSpec Start,
    MethodCall StartCall,
    EquatableArray<StepSpec> Steps)
{
    /// <summary>The registered messages its methods send or publish themselves (a compensation's command), so the registry knows them.</summary>
    public EquatableArray<MessageSpec> Sent { get; init; }

    /// <summary>The data type's properties a copy sets (<see cref="SagaSpec.DataCopy"/>).</summary>
    public EquatableArray<string> DataCopy { get; init; }

    /// <summary>Whether the data is copied member by member rather than through JSON.</summary>
    public bool CopiesData { get; init; }

    /// <summary>The step commands and the messages its methods send that carry its key: the registry refuses them with it empty.</summary>
    public EquatableArray<MessageSpec> KeyedSent { get; init; }

    /// <summary>The timeout event the generator declares for a step with a timeout.</summary>
    public MessageSpec TimeoutOf(StepSpec step) =>
        new($"global::{(Namespace.Length == 0 ? "" : Namespace + ".")}{ClassName}.{step.Name}TimedOut", $"{ClassName}.{step.Name}TimedOut", IsCommand: false);

    /// <summary>The states: one per step, awaiting its reply, then the three ends.</summary>
    public EquatableArray<StateSpec> States =>
        Steps.Select(s => new StateSpec(s.Name, IsFinal: false))
            .Concat([new StateSpec("Completed", true), new StateSpec("Compensated", true), new StateSpec("Failed", true)])
            .ToEquatableArray();
}

/// <summary>One step of a workflow.</summary>
/// <param name="Name">The step method's name, which is also its state's name.</param>
/// <param name="Command">The command it returns.</param>
/// <param name="Success">The event that completes it.</param>
/// <param name="Recorder">The method taking <paramref name="Success"/> that keeps what the reply brings, if any.</param>
/// <param name="Failure">The event that fails it, if any.</param>
/// <param name="TimeoutSeconds">How long to wait for the reply; 0 for ever.</param>
/// <param name="Compensation">How to call its compensation, if it declares one.</param>
/// <param name="Confirmation">The event that confirms its compensation, if it awaits one.</param>
internal sealed record StepSpec(
    string Name,
    MessageSpec Command,
    MessageSpec Success,
    string? Recorder,
    MessageSpec? Failure,
    int TimeoutSeconds,
    MethodCall? Compensation,
    ConfirmationSpec? Confirmation);
