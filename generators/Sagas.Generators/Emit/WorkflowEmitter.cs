using System.Linq;
using Sagas.Generators.Model;

namespace Sagas.Generators.Emit;

/// <summary>
/// Turns a workflow into a saga: <see cref="ToSaga"/> describes it as the handlers a saga would
/// have (one per reply, per step), so <see cref="SagaEmitter"/> writes its dispatch, and
/// <see cref="Emit"/> writes what those handlers call: the states, the steps' timeouts, and the
/// methods that send each step's command when the step before succeeds.
/// </summary>
internal static class WorkflowEmitter
{
    private const string Ct = "cancellationToken";

    public static SagaSpec ToSaga(WorkflowSpec workflow)
    {
        var steps = workflow.Steps;
        var access = workflow.CorrelationAccess;
        var context = new[] { ArgumentKind.Message, ArgumentKind.Context }.ToEquatableArray();
        var startAsync = workflow.StartCall.IsAsync;
        var handlers = new System.Collections.Generic.List<HandlerSpec>
        {
            new(workflow.Start, access,
                new MethodCall("OnWorkflowStarted", (startAsync ? context.Append(ArgumentKind.CancellationToken) : context).ToEquatableArray(), startAsync),
                IsStart: true, FromStates: default, steps[0].Name, Compensates: false, Compensation: null, Confirmation: null, FailedState: null),
        };

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var from = new[] { step.Name }.ToEquatableArray();
            handlers.Add(new HandlerSpec(step.Success, access, new MethodCall($"On{step.Name}Succeeded", context, IsAsync: false), false, from,
                i + 1 < steps.Count ? steps[i + 1].Name : "Completed", false, step.Compensation, step.Confirmation, null));
            if (step.Failure is { } failure)
            {
                handlers.Add(new HandlerSpec(failure, access, new MethodCall($"On{step.Name}Failed", context, IsAsync: false), false, from, "Compensated", true, null, null, "Failed"));
            }

            if (step.TimeoutSeconds > 0)
            {
                handlers.Add(new HandlerSpec(workflow.TimeoutOf(step), access, new MethodCall($"On{step.Name}Failed", context, IsAsync: false), false, from, "Compensated", true, null, null, "Failed"));
            }
        }

        // A step's timeout that lost the race with its reply arrives once the workflow moved on.
        var ignores = steps.Select((step, i) => (step, i)).Where(s => s.step.TimeoutSeconds > 0).Select(s => new IgnoreSpec(
            workflow.TimeoutOf(s.step),
            steps.Skip(s.i + 1).Select(later => later.Name).Concat(["Completed", "Compensated", "Failed"]).ToEquatableArray()));
        var sent = steps.Select(s => s.Command).Concat(steps.Where(s => s.TimeoutSeconds > 0).Select(workflow.TimeoutOf)).Concat(workflow.Sent).Distinct();
        return new SagaSpec(
            workflow.Namespace,
            workflow.ClassName,
            workflow.MetadataName,
            $"global::{(workflow.Namespace.Length == 0 ? "" : workflow.Namespace + ".")}{workflow.ClassName}.State",
            workflow.DataType,
            "Fault",
            workflow.States,
            handlers.ToEquatableArray(),
            ignores.ToEquatableArray(),
            sent.ToEquatableArray())
        {
            KeyedSent = workflow.KeyedSent.Select(m => new KeyedMessageSpec(m, access)).ToEquatableArray(),
            DataCopy = workflow.DataCopy,
            CopiesData = workflow.CopiesData,
        };
    }

    public static string Emit(WorkflowSpec workflow)
    {
        var w = new SourceWriter().FileHeader();
        if (workflow.Namespace.Length > 0)
        {
            w.Open($"namespace {workflow.Namespace}");
        }

        w.Open($"partial class {workflow.ClassName}");
        w.Line("/// <summary>The workflow's states: one per step, awaiting its reply, then how it ended.</summary>");
        w.Line(Generated.CodeAttribute);
        w.Line("public enum State { " + string.Join(", ", workflow.States.Select(s => (s.IsFinal ? "[global::Sagas.Final] " : "") + s.Name)) + " }");
        w.Line();
        w.Line("/// <summary>The step the instance awaits the reply of, or how it ended.</summary>");
        w.Line("public State CurrentState { get; private set; }");
        foreach (var step in workflow.Steps.Where(s => s.TimeoutSeconds > 0))
        {
            var timeout = workflow.TimeoutOf(step);
            w.Line();
            w.Line($"/// <summary>Scheduled when step {step.Name} starts; it fails the step if it arrives first.</summary>");
            w.Line(Generated.CodeAttribute);
            w.Line($"[global::Sagas.Event({Generated.Literal(timeout.WireName)})]");
            w.Line($"public sealed record {step.Name}TimedOut({workflow.KeyType} {workflow.KeyName});");
        }

        EmitStart(w, workflow);
        for (var i = 0; i < workflow.Steps.Count; i++)
        {
            EmitStep(w, workflow, workflow.Steps[i], i + 1 < workflow.Steps.Count ? workflow.Steps[i + 1] : null);
        }

        w.Close();
        if (workflow.Namespace.Length > 0)
        {
            w.Close();
        }

        return w.ToString();
    }

    private static void EmitStart(SourceWriter w, WorkflowSpec workflow)
    {
        var isAsync = workflow.StartCall.IsAsync;
        w.Line();
        w.Open(isAsync
            ? $"private async global::System.Threading.Tasks.ValueTask OnWorkflowStarted({workflow.Start.TypeName} message, global::Sagas.MessageContext context, global::System.Threading.CancellationToken {Ct})"
            : $"private void OnWorkflowStarted({workflow.Start.TypeName} message, global::Sagas.MessageContext context)");
        w.Line($"Data.{workflow.KeyName} = message.{workflow.KeyName}; // the key every step's messages carry");
        w.Line(SagaEmitter.Invoke("this", workflow.StartCall, "message") + ";");
        w.Line($"Begin{workflow.Steps[0].Name}(context);");
        w.Close();
    }

    private static void EmitStep(SourceWriter w, WorkflowSpec workflow, StepSpec step, StepSpec? next)
    {
        w.Line();
        w.Open($"private void Begin{step.Name}(global::Sagas.MessageContext context)");
        w.Line($"context.Send({step.Name}());");
        if (step.TimeoutSeconds > 0)
        {
            w.Line($"context.Schedule(new {step.Name}TimedOut(Data.{workflow.KeyName}), global::System.TimeSpan.FromSeconds({step.TimeoutSeconds}));");
        }

        w.Close();
        w.Line();
        w.Open($"private void On{step.Name}Succeeded({step.Success.TypeName} message, global::Sagas.MessageContext context)");
        if (step.Recorder is not null)
        {
            w.Line($"{step.Recorder}(message);");
        }

        CancelTimeout(w, step);
        if (next is not null)
        {
            w.Line($"Begin{next.Name}(context);");
        }

        w.Close();
        if (step.Failure is not null || step.TimeoutSeconds > 0)
        {
            // Failed or timed out: the engine then undoes the completed steps, newest first.
            w.Line();
            w.Open($"private void On{step.Name}Failed(object message, global::Sagas.MessageContext context)");
            CancelTimeout(w, step);
            w.Close();
        }
    }

    private static void CancelTimeout(SourceWriter w, StepSpec step)
    {
        if (step.TimeoutSeconds > 0)
        {
            w.Line($"context.CancelScheduled<{step.Name}TimedOut>();");
        }
    }
}
