using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>Checks <see cref="RedisSagasOptions"/> when the host starts; each problem names its key, its value and what is allowed.</summary>
internal sealed class RedisSagasOptionsValidator : IValidateOptions<RedisSagasOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisSagasOptions options)
    {
        var problems = new OptionsProblems(RedisSagasOptions.SectionName);
        try
        {
            RedisConfigurationString.Parse(options.Configuration);
        }
        catch (ArgumentException e)
        {
            problems.Add(e.Message.Split(" (Parameter")[0]);
        }

        // Empty, the keys would mingle with every other application's on the server, and nothing
        // (an ACL rule, a SCAN, a clean-up) could tell Sagas' keys apart.
        problems.Require(!string.IsNullOrEmpty(options.KeyPrefix), nameof(options.KeyPrefix), "empty",
            "a prefix of its own, such as 'sagas:' (every key and stream starts with it, and an ACL rule limits the application to it)");
        problems.Require(options.KeyPrefix is null || options.KeyPrefix.AsSpan().IndexOfAny('{', '}') < 0, nameof(options.KeyPrefix), $"'{options.KeyPrefix}'",
            "a prefix without '{' or '}', such as 'sagas:' (Redis Cluster reads braces as a hash tag, and every saga would share one slot)");
        problems.Require(options.ConnectTimeout > TimeSpan.Zero, nameof(options.ConnectTimeout), options.ConnectTimeout, "a positive time, such as 00:00:05");
        problems.Require(options.InboxRetention > TimeSpan.Zero, nameof(options.InboxRetention), options.InboxRetention, "a positive time, such as 7.00:00:00");
        problems.Require(options.CompletedRetention > TimeSpan.Zero, nameof(options.CompletedRetention), options.CompletedRetention, "a positive time, such as 1.00:00:00");
        problems.Require(options.TimeoutPollInterval > TimeSpan.Zero, nameof(options.TimeoutPollInterval), options.TimeoutPollInterval, "a positive time, such as 00:00:01");
        problems.Require(options.TimeoutLease >= TimeSpan.FromSeconds(1), nameof(options.TimeoutLease), options.TimeoutLease, "at least one second, such as 00:00:10");
        problems.Require(options.InstanceCacheSize >= 0, nameof(options.InstanceCacheSize), options.InstanceCacheSize, "0 (off) or more, such as 10000");
        return problems.Result;
    }
}
