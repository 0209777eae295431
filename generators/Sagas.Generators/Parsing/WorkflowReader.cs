using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>
/// Reads a <c>[Workflow]</c> class into a <see cref="WorkflowSpec"/>, or into the problems that keep
/// it from compiling: the analyzer reports them (SAGA028), the generator then emits nothing.
/// </summary>
internal static class WorkflowReader
{
    public static (WorkflowSpec? Spec, List<(Location Location, string Problem)> Problems) Read(INamedTypeSymbol workflow, CancellationToken cancellationToken)
    {
        var problems = new List<(Location, string)>();
        var at = Symbols.LocationOf(workflow);
        if (!workflow.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is ClassDeclarationSyntax c && c.Modifiers.Any(m => m.ValueText == "partial")))
        {
            problems.Add((at, "is not partial; add the partial modifier so the generator can add its states and dispatch"));
        }

        if (workflow.ContainingType is not null || workflow.IsGenericType)
        {
            problems.Add((at, "is nested or generic; declare it as a top-level, non-generic class"));
        }

        if (Symbols.GenericBase(workflow, KnownNames.WorkflowBase)?.TypeArguments[0] is not INamedTypeSymbol dataType)
        {
            problems.Add((at, "does not derive from Workflow<TData>; derive from Workflow<TData> with TData the data saved with each instance"));
            return (null, problems);
        }

        var key = KeyReader.Read(workflow, dataType);
        if (key.Property is null || key.Kind == KeyKind.Unsupported)
        {
            problems.Add((at, $"has no usable key: mark one Guid, string, integer or strongly-typed id property of {dataType.Name} [CorrelationId]"));
            return (null, problems);
        }

        var access = key.Kind == KeyKind.Wrapper ? key.Property.Name + ".Value" : key.Property.Name;

        MessageSpec? Reply(ITypeSymbol? type, string role, Location location, bool required)
        {
            if (type is null)
            {
                if (required)
                {
                    problems.Add((location, $"has no {role}; name the event that means it, as {role} = typeof(...)"));
                }

                return null;
            }

            var spec = MessageParser.Parse(type);
            if (spec is null || !KeyReader.Carries(type, key.Property))
            {
                problems.Add((location, $"names {role} = typeof({type.Name}), which is not an [Event] carrying '{key.Property.Name}' of the key's type; the reply could not reach the instance"));
                return null;
            }

            return spec;
        }

        var methods = workflow.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToList();
        var starts = methods.Where(m => Symbols.HasAttribute(m, KnownNames.StartedByAttribute)).ToList();
        MessageSpec? start = null;
        MethodCall? startCall = null;
        if (starts.Count != 1)
        {
            problems.Add((at, starts.Count == 0
                ? "has no [StartedBy] method; add one taking the event that starts the workflow"
                : "has more than one [StartedBy] method; keep one"));
        }
        else
        {
            startCall = MethodCalls.Read(starts[0], firstIsMessage: true, out var problem);
            start = starts[0].Parameters.Length > 0 ? Reply(starts[0].Parameters[0].Type, "its start", Symbols.LocationOf(starts[0]), required: true) : null;
            if (problem is not null)
            {
                problems.Add((Symbols.LocationOf(starts[0]), $"has a [StartedBy] method the engine cannot call: {problem}"));
            }
        }

        var steps = new List<(int Order, StepSpec Step)>();
        var keyedCommands = new List<MessageSpec>();
        foreach (var method in methods)
        {
            if (Symbols.FindAttribute(method, KnownNames.StepAttribute) is not { } attribute)
            {
                continue;
            }

            var location = Symbols.LocationOf(attribute, cancellationToken);
            var order = attribute.ConstructorArguments.FirstOrDefault().Value as int? ?? 0;
            if (steps.Any(s => s.Order == order))
            {
                problems.Add((location, $"has two steps numbered {order}; number each step once"));
            }

            var returned = method.ReturnsVoid ? null : MessageParser.Parse(method.ReturnType);
            var command = returned is { IsCommand: true } ? returned : null;
            if (method.IsStatic || method.IsGenericMethod || method.Parameters.Length > 0)
            {
                problems.Add((location, $"marks '{method.Name}', which must be an instance method with no parameters returning the [Command] to send"));
            }
            else if (command is null)
            {
                problems.Add((ReturnTypeLocation(method, cancellationToken) ?? location, NotACommand(method, returned)));
            }

            var success = Reply(Symbols.NamedArgument(attribute, "Success")?.Value as ITypeSymbol, "Success", location, required: true);
            var failure = Reply(Symbols.NamedArgument(attribute, "Failure")?.Value as ITypeSymbol, "Failure", location, required: false);
            var timeout = Symbols.NamedArgument(attribute, "TimeoutSeconds")?.Value as int? ?? 0;
            if (timeout < 0)
            {
                problems.Add((location, "has a negative TimeoutSeconds; use 0 to wait for ever, or a number of seconds"));
            }

            MethodCall? compensation = null;
            ConfirmationSpec? confirmation = null;
            if (Symbols.FindAttribute(method, KnownNames.CompensatedByAttribute) is { } compensatedBy)
            {
                var compensatedLocation = Symbols.LocationOf(compensatedBy, cancellationToken);
                var name = compensatedBy.ConstructorArguments.FirstOrDefault().Value as string ?? "";
                compensation = methods.Where(m => m.Name == name).Select(m => MethodCalls.Read(m, firstIsMessage: false, out _)).FirstOrDefault(c => c is not null);
                if (compensation is null)
                {
                    problems.Add((compensatedLocation, $"names '{name}', which is no method of the workflow taking an optional MessageContext and CancellationToken"));
                }

                if (Reply(Symbols.NamedArgument(compensatedBy, "ConfirmedBy")?.Value as ITypeSymbol, "ConfirmedBy", compensatedLocation, required: false) is { } confirmed)
                {
                    confirmation = new ConfirmationSpec(confirmed, access);
                }
            }

            var recorder = success is null ? null : methods.FirstOrDefault(m =>
                !m.IsStatic && m.ReturnsVoid && m.Parameters.Length == 1 && m.Parameters[0].Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == success.TypeName
                && !Symbols.HasAttribute(m, KnownNames.StartedByAttribute))?.Name;
            if (command is not null && KeyReader.Carries(method.ReturnType, key.Property))
            {
                keyedCommands.Add(command);
            }

            if (command is not null && success is not null)
            {
                steps.Add((order, new StepSpec(method.Name, command, success, recorder, failure, timeout, compensation, confirmation)));
            }
        }

        if (!methods.Any(m => Symbols.HasAttribute(m, KnownNames.StepAttribute)))
        {
            problems.Add((at, "has no [Step] method; add steps, each returning the command to send"));
        }

        foreach (var shared in steps.GroupBy(s => s.Step.Success.TypeName).Where(g => g.Count() > 1))
        {
            problems.Add((at, $"waits for the same Success event in steps {string.Join(" and ", shared.Select(s => s.Step.Name))}; give each step an event of its own"));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var ns = workflow.ContainingNamespace.IsGlobalNamespace ? "" : workflow.ContainingNamespace.ToDisplayString();
        return (new WorkflowSpec(
            ns,
            workflow.Name,
            ns.Length == 0 ? workflow.MetadataName : ns + "." + workflow.MetadataName,
            dataType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            key.Property.Name,
            key.Property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            access,
            start!,
            startCall!,
            steps.OrderBy(s => s.Order).Select(s => s.Step).ToEquatableArray())
        {
            KeyedSent = keyedCommands.Distinct().OrderBy(m => m.TypeName, System.StringComparer.Ordinal).ToEquatableArray(),
            DataCopy = (DataCopy.Members(dataType) ?? []).ToEquatableArray(),
            CopiesData = DataCopy.Members(dataType) is not null,
        }, problems);
    }

    // The step returns what it sends, so the return type is named as the problem, and squiggled.
    private static string NotACommand(IMethodSymbol method, MessageSpec? returned)
    {
        const string Why = "a step returns the [Command] it sends, then waits for its Success event";
        var type = method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return method.ReturnsVoid ? $"marks '{method.Name}', which returns void: {Why}. Return the [Command] to send"
            : returned is not null ? $"marks '{method.Name}', which returns '{type}', an [Event]: {Why}. Return a [Command] that asks a participant to act"
            : $"marks '{method.Name}', which returns '{type}', not a [Command]: {Why}. Mark '{type}' [Command], or return a [Command]";
    }

    private static Location? ReturnTypeLocation(IMethodSymbol method, CancellationToken cancellationToken) =>
        method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault()?.ReturnType.GetLocation();
}
