using System.Reflection;

namespace Sagas;

/// <summary>Settings of the Redis Streams transport; bind them from the <c>Sagas:Redis:Streams</c> section or set them in code.</summary>
public sealed class RedisStreamsOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "Sagas:Redis:Streams";

    /// <summary>
    /// The consumer group: every service (a group) gets every message it subscribes to, and the
    /// workers of one service share them. Give each deployable service its own, stable name.
    /// Default: the entry assembly's name.
    /// </summary>
    public string ServiceName { get; set; } = Assembly.GetEntryAssembly()?.GetName().Name ?? "sagas";

    /// <summary>
    /// How many streams each message type is split over, by a hash of its correlation id, so that
    /// one saga's messages stay in order on one stream while several workers read the others. The
    /// streams of one partition share a Redis Cluster slot. Changing it moves the messages of a
    /// saga to another stream: drain the streams first. Default: 1.
    /// </summary>
    public int Partitions { get; set; } = 1;

    /// <summary>How many messages one read takes at most. Default: 16.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>How long a read waits on the server for a message before it looks again. Default: 1 s.</summary>
    public TimeSpan BlockTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a message may stay read but not acknowledged before another worker takes it over
    /// (XAUTOCLAIM): the worker that read it has presumably died. Keep it longer than the slowest
    /// handling, retries included. Default: 1 minute.
    /// </summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a worker looks for messages to take over and streams to trim. Default: 5 s.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many times a message may be delivered (taken over after a worker died with it in hand
    /// counts as a delivery) before it is dead-lettered as a message that kills its workers. Default: 5.
    /// </summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// How long the flow log of a correlation id is kept after its last message: a copy of every
    /// message published with that id, by every service, in order, read with
    /// <see cref="RedisStreamTransport.GetFlowAsync"/>. <see cref="TimeSpan.Zero"/> keeps no flow
    /// log (one command less per message). Default: 1 day.
    /// </summary>
    public TimeSpan FlowLogRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Received messages whose body is larger are dead-lettered unread. Default: 1 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>These options, checked.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and a valid value.</exception>
    internal RedisStreamsOptions Validated()
    {
        static void Require(bool valid, string name, object value, string example)
        {
            if (!valid)
            {
                throw new ArgumentException($"{SectionName}:{name} is {value}; set it to {example}.", nameof(RedisStreamsOptions));
            }
        }

        Require(!string.IsNullOrWhiteSpace(ServiceName), nameof(ServiceName), $"'{ServiceName}'", "the service's stable name, such as 'orders'");
        Require(Partitions is >= 1 and <= 1024, nameof(Partitions), Partitions, "a number from 1 to 1024");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "a positive number such as 16");
        Require(BlockTime >= TimeSpan.FromMilliseconds(1), nameof(BlockTime), BlockTime, "a positive time such as 00:00:01");
        Require(ClaimIdleTime >= TimeSpan.FromMilliseconds(1), nameof(ClaimIdleTime), ClaimIdleTime, "a positive time such as 00:01:00");
        Require(MaintenanceInterval >= TimeSpan.FromMilliseconds(1), nameof(MaintenanceInterval), MaintenanceInterval, "a positive time such as 00:00:05");
        Require(MaxDeliveries >= 1, nameof(MaxDeliveries), MaxDeliveries, "a positive number such as 5");
        Require(FlowLogRetention >= TimeSpan.Zero, nameof(FlowLogRetention), FlowLogRetention, "a time such as 1.00:00:00, or 00:00:00 to keep no flow log");
        Require(MaxMessageBytes >= 1, nameof(MaxMessageBytes), MaxMessageBytes, "a positive number of bytes such as 1048576");
        return this;
    }
}
