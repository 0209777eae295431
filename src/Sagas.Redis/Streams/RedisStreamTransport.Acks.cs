using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Sagas;

// Acknowledgements grouped per stream: the first goes at once, and those that come while it is on
// its way go together in the next XACK, so under load a batch of messages costs one command.
public sealed partial class RedisStreamTransport
{
    private readonly ConcurrentDictionary<RedisKey, AckQueue> _acks = new();

    private async ValueTask AckAsync(RedisKey stream, string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _acks.GetOrAdd(stream, static (key, transport) => new AckQueue(transport, key), this).AckAsync(id).ConfigureAwait(false);
        Release(stream, id);
    }

    private sealed class AckQueue(RedisStreamTransport transport, RedisKey stream)
    {
        private readonly Lock _gate = new();
        private List<(string Id, TaskCompletionSource Done)> _waiting = [];
        private bool _sending;

        public Task AckAsync(string id)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waiting.Add((id, done));
                if (_sending)
                {
                    return done.Task;
                }

                _sending = true;
            }

            _ = SendAsync();
            return done.Task;
        }

        // Sends what waits, then what came meanwhile, until nothing does.
        private async Task SendAsync()
        {
            while (true)
            {
                List<(string Id, TaskCompletionSource Done)> batch;
                lock (_gate)
                {
                    if (_waiting.Count == 0)
                    {
                        _sending = false;
                        return;
                    }

                    batch = _waiting;
                    _waiting = [];
                }

                try
                {
                    var database = await transport._connection.GetDatabaseAsync(CancellationToken.None).ConfigureAwait(false);
                    var ids = new RedisValue[batch.Count];
                    for (var i = 0; i < ids.Length; i++)
                    {
                        ids[i] = batch[i].Id;
                    }

                    await database.StreamAcknowledgeAsync(stream, transport.GroupName, ids).ConfigureAwait(false);
                    foreach (var (_, done) in batch)
                    {
                        done.TrySetResult();
                    }
                }
                catch (Exception e)
                {
                    // Each waiting handler sees the failure, and its message comes again (LetGoIfFailedAsync).
                    foreach (var (_, done) in batch)
                    {
                        done.TrySetException(e);
                    }
                }
            }
        }
    }
}
