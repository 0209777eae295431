using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Sagas.Generators.Model;

namespace Sagas.Generators.Parsing;

/// <summary>Finds what a handler sends, publishes, schedules or cancels through its <c>MessageContext</c>.</summary>
internal static class SentMessages
{
    /// <summary>Reads one invocation; the analyzer calls this from its operation callback.</summary>
    public static SentMessage? Read(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!Symbols.IsNamed(method.ContainingType, KnownNames.MessageContext))
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
    /// <param name="method">A handler.</param>
    /// <param name="semanticModel">The semantic model of the saga's declaration, reused for handlers in the same file.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <remarks>
    /// The generator runs this for every saga on every edit, so it binds only the invocations whose
    /// name could be a context call, not whole handler bodies.
    /// </remarks>
    public static IEnumerable<SentMessage> Collect(IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            var model = syntax.SyntaxTree == semanticModel.SyntaxTree ? semanticModel : semanticModel.Compilation.GetSemanticModel(syntax.SyntaxTree);
            foreach (var call in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (IsContextCallName(call.Expression) && model.GetOperation(call, cancellationToken) is IInvocationOperation invocation && Read(invocation) is { } sent)
                {
                    yield return sent;
                }
            }
        }
    }

    /// <summary>
    /// The registered messages sent, published, scheduled or cancelled anywhere in a class (handlers,
    /// compensations, helpers), so the registry knows each one, wherever it is declared.
    /// </summary>
    public static EquatableArray<MessageSpec> RegisteredIn(INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        Registered(In(type, semanticModel, cancellationToken));

    /// <summary>Every context call anywhere in a class (handlers, compensations, helpers).</summary>
    public static IReadOnlyList<SentMessage> In(INamedTypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        type.GetMembers().OfType<IMethodSymbol>().SelectMany(m => Collect(m, semanticModel, cancellationToken)).ToList();

    /// <summary>The registered messages among <paramref name="sent"/>, once each, in a fixed order.</summary>
    public static EquatableArray<MessageSpec> Registered(IEnumerable<SentMessage> sent) =>
        Sorted(sent.Select(s => s.Message).OfType<MessageSpec>());

    /// <summary>
    /// The registered messages among <paramref name="sent"/> (sent, published or scheduled) that
    /// carry a property named and typed like the saga's key: a participant's reply finds the saga by
    /// it, so the registry refuses such a message whose key is empty.
    /// </summary>
    /// <param name="sent">The class's context calls.</param>
    /// <param name="keyName">The key property's name.</param>
    /// <param name="keyType">The key property's fully qualified type.</param>
    public static EquatableArray<MessageSpec> CarryingKey(IEnumerable<SentMessage> sent, string keyName, string keyType) =>
        Sorted(sent.Where(s => s.Kind is SendKind.Send or SendKind.Publish or SendKind.Schedule && Carries(s.Type, keyName, keyType))
            .Select(s => s.Message).OfType<MessageSpec>());

    /// <summary>Whether <paramref name="type"/> has a readable property named <paramref name="keyName"/> of type <paramref name="keyType"/>.</summary>
    public static bool Carries(ITypeSymbol type, string keyName, string keyType) =>
        Symbols.AllProperties(type).Any(p => p.Name == keyName && p.GetMethod is not null
            && p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == keyType);

    private static EquatableArray<MessageSpec> Sorted(IEnumerable<MessageSpec> messages) =>
        messages.Distinct().OrderBy(m => m.TypeName, System.StringComparer.Ordinal).ToEquatableArray();

    private static bool IsContextCallName(ExpressionSyntax expression)
    {
        var name = expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => null,
        };
        return name is "Send" or "Publish" or "Schedule" or "CancelScheduled" or "Complete";
    }
}
