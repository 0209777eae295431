using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>Checks <see cref="SagasInspectorOptions"/> at start, naming the setting to fix.</summary>
internal sealed class SagasInspectorOptionsValidator : IValidateOptions<SagasInspectorOptions>
{
    public ValidateOptionsResult Validate(string? name, SagasInspectorOptions options)
    {
        var problems = new List<string>();
        if (options.StuckAfter <= TimeSpan.Zero)
        {
            problems.Add($"{SagasInspectorOptions.SectionName}:{nameof(options.StuckAfter)} is {options.StuckAfter}; set a positive time, such as 00:15:00.");
        }

        if (options.PageSize is < 1 or > 500)
        {
            problems.Add($"{SagasInspectorOptions.SectionName}:{nameof(options.PageSize)} is {options.PageSize}; set 1 to 500.");
        }

        if (options.WritePolicy is { } policy && string.IsNullOrWhiteSpace(policy))
        {
            problems.Add($"{SagasInspectorOptions.SectionName}:{nameof(options.WritePolicy)} is blank; name an authorization policy, or leave it unset for a read-only page.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
