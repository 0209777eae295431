using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>
/// Checks <see cref="SagasOptions"/> when the host starts (and whenever they are built), so a value
/// out of range stops the application with the configuration key, the value and what is allowed,
/// instead of misbehaving later.
/// </summary>
internal sealed class SagasOptionsValidator : IValidateOptions<SagasOptions>
{
    public ValidateOptionsResult Validate(string? name, SagasOptions options)
    {
        var problems = new OptionsProblems(SagasOptions.SectionName);
        problems.Require(options.Concurrency >= 1, nameof(options.Concurrency), options.Concurrency, "1 or more: how many messages a worker handles at once");
        problems.Require(options.MaxConcurrencyRetries >= 0, nameof(options.MaxConcurrencyRetries), options.MaxConcurrencyRetries, "0 or more");
        problems.Require(options.RelayGracePeriod >= TimeSpan.Zero, nameof(options.RelayGracePeriod), options.RelayGracePeriod, "a time of 0 or more, such as 00:00:10");
        problems.Require(options.CompensationTimeout > TimeSpan.Zero, nameof(options.CompensationTimeout), options.CompensationTimeout, "a positive time, such as 00:00:30: how long a compensation waits for its confirmation");
        problems.Require(options.CompensationAttempts >= 1, nameof(options.CompensationAttempts), options.CompensationAttempts, "1 or more: how many times a compensation is sent before the saga ends in its failed state");
        problems.Require(options.JsonSerializerOptions is not null, nameof(options.JsonSerializerOptions), "null", "JSON settings, such as new JsonSerializerOptions(JsonSerializerDefaults.Web)");
        problems.Require(options.InMemory is not null, nameof(options.InMemory), "null", "in-memory settings, such as new InMemoryOptions()");
        if (options.InMemory is { } inMemory)
        {
            problems.Require(inMemory.CompletedRetention >= TimeSpan.Zero, "InMemory:CompletedRetention", inMemory.CompletedRetention, "a time of 0 or more, such as 00:10:00");
            problems.Require(inMemory.MaxCompleted >= 0, "InMemory:MaxCompleted", inMemory.MaxCompleted, "0 or more: how many finished instances the in-memory store keeps");
            problems.Require(inMemory.MaxFlows >= 0, "InMemory:MaxFlows", inMemory.MaxFlows, "0 or more: how many conversations the in-memory transport keeps the messages of");
        }

        if (options.RetryDelays is { } delays)
        {
            for (var i = 0; i < delays.Count; i++)
            {
                problems.Require(delays[i] >= TimeSpan.Zero, $"{nameof(options.RetryDelays)}:{i}", delays[i], "a time of 0 or more, such as 00:00:01");
            }
        }

        return problems.Result;
    }
}
