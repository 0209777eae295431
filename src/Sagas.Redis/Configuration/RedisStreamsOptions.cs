using System.Reflection;

namespace Sagas;

/// <summary>Settings of the Redis Streams transport: bound from the <c>Sagas:Redis:Streams</c> section by <c>UseRedis</c>, or set in code.</summary>
public sealed class RedisStreamsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
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
}
