using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>Checks <see cref="RedisStreamsOptions"/> when the host starts; each problem names its key, its value and what is allowed.</summary>
internal sealed class RedisStreamsOptionsValidator : IValidateOptions<RedisStreamsOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisStreamsOptions options)
    {
        var problems = new OptionsProblems(RedisStreamsOptions.SectionName);
        problems.Require(!string.IsNullOrWhiteSpace(options.ServiceName), nameof(options.ServiceName), $"'{options.ServiceName}'", "the service's stable name, such as 'orders'");
        problems.Require(options.Partitions is >= 1 and <= 1024, nameof(options.Partitions), options.Partitions, "a number from 1 to 1024");
        problems.Require(options.BatchSize >= 1, nameof(options.BatchSize), options.BatchSize, "a positive number, such as 16");
        problems.Require(options.BlockTime >= TimeSpan.FromMilliseconds(1), nameof(options.BlockTime), options.BlockTime, "a positive time, such as 00:00:01");
        problems.Require(options.ClaimIdleTime >= TimeSpan.FromMilliseconds(1), nameof(options.ClaimIdleTime), options.ClaimIdleTime, "a positive time, such as 00:01:00");
        problems.Require(options.MaintenanceInterval >= TimeSpan.FromMilliseconds(1), nameof(options.MaintenanceInterval), options.MaintenanceInterval, "a positive time, such as 00:00:05");
        problems.Require(options.MaxDeliveries >= 1, nameof(options.MaxDeliveries), options.MaxDeliveries, "a positive number, such as 5");
        problems.Require(options.FlowLogRetention >= TimeSpan.Zero, nameof(options.FlowLogRetention), options.FlowLogRetention, "a time such as 1.00:00:00, or 00:00:00 to keep no flow log");
        problems.Require(options.MaxMessageBytes >= 1, nameof(options.MaxMessageBytes), options.MaxMessageBytes, "a positive number of bytes, such as 1048576");
        return problems.Result;
    }
}
