using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>Checks <see cref="RedisHealthOptions"/> when the host starts; each problem names its key, its value and what is allowed.</summary>
internal sealed class RedisHealthOptionsValidator : IValidateOptions<RedisHealthOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisHealthOptions options)
    {
        var problems = new OptionsProblems(RedisHealthOptions.SectionName);
        problems.Require(options.Timeout > TimeSpan.Zero, nameof(options.Timeout), options.Timeout, "a positive time, such as 00:00:02 (how long a check waits for Redis)");
        problems.Require(options.Window > TimeSpan.Zero, nameof(options.Window), options.Window, "a positive time, such as 00:10:00 (how long new dead letters keep the check degraded)");
        problems.Require(options.MaxConsumerLag >= 0, nameof(options.MaxConsumerLag), options.MaxConsumerLag, "0 (off) or more, such as 1000 (entries a service may have left to read on one stream)");
        return problems.Result;
    }
}
