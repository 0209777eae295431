using System.Linq;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Analyzers.Rules;

/// <summary>How the structure and flow rules name things in their messages.</summary>
internal static class RuleText
{
    // Handlers are usually overloads of one name (On), so a message names the parameters too.
    private static readonly SymbolDisplayFormat HandlerFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private static readonly string[] Policies = ["Fault", "Ignore", "DeadLetter"];

    /// <summary>The <c>UnexpectedMessagePolicy.Ignore</c> value of <see cref="SagaModel.UnexpectedPolicy"/>.</summary>
    public const int IgnorePolicy = 1;

    public static string Handler(IMethodSymbol method) => method.ToDisplayString(HandlerFormat);

    public static string Handler(HandlerModel handler) => Handler(handler.Method);

    public static string Type(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    /// <summary>A state as the user writes it in an attribute: <c>State.Completed</c>.</summary>
    public static string State(SagaModel model, string state) => model.StateType!.Name + "." + state;

    /// <summary>The members of the state enum, for a message that asks to pick one.</summary>
    public static string StateList(SagaModel model) => string.Join(", ", model.States.Select(s => s.Name));

    public static string Policy(int policy) =>
        policy >= 0 && policy < Policies.Length ? Policies[policy] : policy.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
