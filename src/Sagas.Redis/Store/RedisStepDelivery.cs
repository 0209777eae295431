using System.Text.Json;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Lays a saga step out as the keys and arguments of <see cref="SagaStoreScripts.Step"/>, the one
/// script that saves it and delivers what it sends: its messages onto their streams (with their
/// flow-log copies), its timeouts into the schedule, its cancellations, and the acknowledgement of
/// the message it handled. A script may touch only one Redis Cluster slot, so on a cluster a step
/// whose keys fall in several slots is not laid out, and the store saves it with its outbox instead.
/// </summary>
internal sealed class RedisStepDelivery
{
    private readonly RedisKeys _keys;
    private readonly RedisStreamTransport _transport;
    private readonly bool _schedulesHere;
    private readonly IMessageRegistry _registry;
    private readonly JsonSerializerOptions _json;
    private readonly long _flowLogMilliseconds;

    /// <param name="keys">The key layout.</param>
    /// <param name="transport">The transport whose streams the messages go to, and whose messages the step may acknowledge.</param>
    /// <param name="schedulesHere">Whether the scheduler is the Redis one, whose keys the script may write.</param>
    /// <param name="registry">Serializes messages.</param>
    /// <param name="json">The JSON settings for messages.</param>
    public RedisStepDelivery(RedisKeys keys, RedisStreamTransport transport, bool schedulesHere, IMessageRegistry registry, JsonSerializerOptions json)
    {
        _keys = keys;
        _transport = transport;
        _schedulesHere = schedulesHere;
        _registry = registry;
        _json = json;
        _flowLogMilliseconds = (long)transport.FlowLogRetention.TotalMilliseconds;
    }

    /// <summary>
    /// The script's keys and the arguments after the save's own ten, or <see langword="false"/>
    /// when the step cannot be delivered in one script: its keys span Cluster slots, or it schedules
    /// or cancels while the scheduler is not Redis's.
    /// </summary>
    /// <param name="commit">The step.</param>
    /// <param name="instanceKeys">The instance's state, inbox, outbox and history keys, then the read model's four (<see cref="SagaStoreScripts.IndexKeys"/>).</param>
    /// <param name="multiplexer">Tells the slot of a key: -1 for every key when Redis is not a cluster.</param>
    /// <param name="keys">The script's keys.</param>
    /// <param name="arguments">The arguments that follow the save's.</param>
    /// <param name="acknowledges">The incoming message the script acknowledges, if any.</param>
    public bool TryLayOut(
        SagaCommit commit,
        RedisKey[] instanceKeys,
        IConnectionMultiplexer multiplexer,
        out RedisKey[] keys,
        out List<RedisValue> arguments,
        out RedisStreamTransport.Received? acknowledges)
    {
        keys = [];
        arguments = [];
        acknowledges = commit.Settles is RedisStreamTransport.Received received && ReferenceEquals(received.Transport, _transport) ? received : null;
        var outbox = commit.Outbox;
        var scheduled = Scheduled(outbox);
        var schedules = scheduled > 0 || commit.CancelledSchedules.Count > 0;
        if (schedules && !_schedulesHere)
        {
            return false;
        }

        // Keys the script does not touch are stood in for by the state hash, so they name no other
        // slot. Each key's slot is checked as it is added: on a cluster the first that differs ends
        // the lay-out before the rest is built (a single server puts every key in slot -1).
        var slot = multiplexer.HashSlot(instanceKeys[0]);
        var delivering = new List<RedisKey>(instanceKeys.Length + 5 + (2 * outbox.Count));
        bool Add(RedisKey key)
        {
            delivering.Add(key);
            return multiplexer.HashSlot(key) == slot;
        }

        delivering.AddRange(instanceKeys);
        if (schedules && !(Add(_keys.ScheduleDue) && Add(_keys.ScheduleEnvelopes) && Add(_keys.ScheduleIndex) && Add(_keys.ScheduleIndexOf)))
        {
            return false;
        }

        if (!schedules)
        {
            delivering.AddRange([instanceKeys[0], instanceKeys[0], instanceKeys[0], instanceKeys[0]]);
        }

        if (!Add(acknowledges?.Stream ?? instanceKeys[0]))
        {
            return false;
        }

        foreach (var envelope in outbox)
        {
            if (envelope.DeliverAt is not null)
            {
                continue; // scheduled: the schedule's keys, above
            }

            if (!Add(_transport.StreamOf(envelope)) || (Logged(envelope) && !Add(_transport.FlowOf(envelope.CorrelationId!))))
            {
                return false;
            }
        }

        keys = [.. delivering];
        arguments = Arguments(commit, scheduled, acknowledges);
        return true;
    }

    private static int Scheduled(IReadOnlyList<Envelope> outbox)
    {
        var scheduled = 0;
        foreach (var envelope in outbox)
        {
            scheduled += envelope.DeliverAt is null ? 0 : 1;
        }

        return scheduled;
    }

    private List<RedisValue> Arguments(SagaCommit commit, int scheduled, RedisStreamTransport.Received? acknowledges)
    {
        var outbox = commit.Outbox;
        var arguments = new List<RedisValue>(5 + commit.CancelledSchedules.Count + (16 * outbox.Count))
        {
            _transport.GroupName,
            acknowledges?.Id ?? "",
            _flowLogMilliseconds,
            commit.CancelledSchedules.Count,
        };
        foreach (var messageType in commit.CancelledSchedules)
        {
            arguments.Add(RedisScheduler.IndexPrefix(commit.Key.SagaName, commit.Key.CorrelationKey, messageType));
        }

        arguments.Add(scheduled);
        foreach (var envelope in outbox)
        {
            if (envelope.DeliverAt is { } due)
            {
                arguments.AddRange([
                    envelope.MessageId,
                    due.ToUnixTimeMilliseconds(),
                    EnvelopeJson.Write(envelope, _registry, _json),
                    RedisScheduler.IndexPrefix(commit.Key.SagaName, envelope.CorrelationId, envelope.MessageType) + envelope.MessageId,
                ]);
            }
        }

        foreach (var envelope in outbox)
        {
            if (envelope.DeliverAt is not null)
            {
                continue;
            }

            var fields = StreamEntry.Fields(envelope, _registry, _json);
            arguments.Add(Logged(envelope) ? 1 : 0);
            arguments.Add(fields.Length);
            foreach (var field in fields)
            {
                arguments.Add(field.Name);
                arguments.Add(field.Value);
            }
        }

        return arguments;
    }

    private bool Logged(Envelope envelope) => envelope.CorrelationId is not null && _flowLogMilliseconds > 0;
}
