using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>Decides whether generated code can call a user method, and how.</summary>
internal static class MethodCalls
{
    /// <summary>
    /// The call for a handler (<paramref name="firstIsMessage"/>) or a compensation: the message
    /// first, then a <c>MessageContext</c> and a <c>CancellationToken</c> in any order; returning
    /// <c>void</c>, <c>Task</c> or <c>ValueTask</c>.
    /// </summary>
    /// <param name="problem">Why it cannot be called, for the diagnostic; <see langword="null"/> when it can.</param>
    public static MethodCall? Read(IMethodSymbol method, bool firstIsMessage, out string? problem)
    {
        problem = Problem(method, firstIsMessage);
        if (problem is not null)
        {
            return null;
        }

        var arguments = new List<ArgumentKind>();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var typeName = method.Parameters[i].Type.ToDisplayString();
            arguments.Add(i == 0 && firstIsMessage ? ArgumentKind.Message
                : typeName == KnownNames.MessageContext ? ArgumentKind.Context
                : ArgumentKind.CancellationToken);
        }

        return new MethodCall(method.Name, arguments.ToEquatableArray(), !method.ReturnsVoid);
    }

    private static string? Problem(IMethodSymbol method, bool firstIsMessage)
    {
        if (method.IsGenericMethod)
        {
            return "it is generic";
        }

        if (method.IsStatic)
        {
            return "it is static";
        }

        if (method.ReturnsVoid && method.IsAsync)
        {
            return "it is async void, so its errors and completion cannot be observed; return Task or ValueTask";
        }

        var returnType = method.ReturnType.ToDisplayString();
        if (!method.ReturnsVoid && returnType is not ("System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask"))
        {
            return $"it returns {returnType}; return void, Task or ValueTask";
        }

        if (firstIsMessage && method.Parameters.Length == 0)
        {
            return "it has no parameters; the message must be the first";
        }

        var seen = new HashSet<string>();
        for (var i = firstIsMessage ? 1 : 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            var typeName = parameter.Type.ToDisplayString();
            if (parameter.RefKind != RefKind.None)
            {
                return $"parameter '{parameter.Name}' is passed by reference";
            }

            if (typeName is not (KnownNames.MessageContext or "System.Threading.CancellationToken") || !seen.Add(typeName))
            {
                return firstIsMessage
                    ? $"parameter '{parameter.Name}' is a {typeName}; after the message, only one MessageContext and one CancellationToken may follow"
                    : $"parameter '{parameter.Name}' is a {typeName}; a compensation takes only one MessageContext and one CancellationToken";
            }
        }

        return firstIsMessage && method.Parameters[0].RefKind != RefKind.None ? "the message is passed by reference" : null;
    }
}
