using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Sagas.Generators.Parsing;

/// <summary>Finds what a handler sends, publishes, schedules or cancels through its <c>MessageContext</c>.</summary>
internal static class SentMessages
{
    /// <summary>Reads one invocation; the analyzer calls this from its operation callback.</summary>
    public static SentMessage? Read(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType?.ToDisplayString() != KnownNames.MessageContext)
        {
            return null;
        }

        if (method.Name == "Complete" && method.Parameters.Length == 0)
        {
            return new SentMessage(SendKind.Complete, method.ContainingType, null, invocation.Syntax.GetLocation());
        }

        if (method.TypeArguments.Length != 1)
        {
            return null;
        }

        SendKind? kind = method.Name switch
        {
            "Send" => SendKind.Send,
            "Publish" => SendKind.Publish,
            "Schedule" => SendKind.Schedule,
            "CancelScheduled" => SendKind.CancelScheduled,
            _ => null,
        };
        var type = method.TypeArguments[0];
        return kind is null ? null : new SentMessage(kind.Value, type, MessageParser.Parse(type), invocation.Syntax.GetLocation());
    }

    /// <summary>Every send in the bodies of <paramref name="method"/>; the generator calls this.</summary>
    public static IEnumerable<SentMessage> Collect(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            var operation = compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax, cancellationToken);
            if (operation is null)
            {
                continue;
            }

            foreach (var invocation in operation.Descendants().OfType<IInvocationOperation>())
            {
                if (Read(invocation) is { } sent)
                {
                    yield return sent;
                }
            }
        }
    }
}
