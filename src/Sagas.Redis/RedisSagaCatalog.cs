using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// The catalog of saga types on Redis: one hash under the key prefix, saga name → the JSON of its
/// description and its service. Each app declares the sagas it runs as it starts (an HSET each,
/// sent together); a failure is logged and the app starts all the same, since only operators' tools read it.
/// </summary>
internal sealed class RedisSagaCatalog(
    RedisConnection connection,
    ISagaRouter router,
    IOptions<RedisSagasOptions> redisOptions,
    IOptions<RedisStreamsOptions> streamsOptions,
    TimeProvider time,
    ILogger<RedisSagaCatalog> logger) : ISagaCatalog, IHostedService
{
    private readonly RedisKey _key = new RedisKeys(redisOptions.Value.KeyPrefix).Catalog;

    public async ValueTask<IReadOnlyList<SagaCatalogEntry>> GetSagasAsync(CancellationToken cancellationToken)
    {
        var database = await connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var entries = await database.HashValuesAsync(_key).WaitAsync(cancellationToken).ConfigureAwait(false);
        var sagas = new List<SagaCatalogEntry>(entries.Length);
        foreach (var entry in entries)
        {
            try
            {
                if (JsonSerializer.Deserialize((string)entry!, RedisJsonContext.Default.SagaCatalogEntry) is { } saga)
                {
                    sagas.Add(saga);
                }
            }
            catch (JsonException e)
            {
                // One unreadable declaration (another version's, say) hides that saga only.
                RedisLog.CatalogEntryUnreadable(logger, e, _key.ToString());
            }
        }

        return sagas;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (router.Sagas.Count == 0)
        {
            return;
        }

        var service = streamsOptions.Value.ServiceName;
        var now = time.GetUtcNow();
        var fields = router.Sagas
            .Select(s => new HashEntry(s.Name, JsonSerializer.Serialize(new SagaCatalogEntry(service, s.Description, now), RedisJsonContext.Default.SagaCatalogEntry)))
            .ToArray();
        try
        {
            var database = await connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            // One HSET a saga, sent together: HMSET, which a many-field HashSetAsync sends, is not in README's ACL rule.
            await Task.WhenAll(fields.Select(f => database.HashSetAsync(_key, f.Name, f.Value))).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or RedisUnavailableException or TimeoutException)
        {
            RedisLog.CatalogNotDeclared(logger, e, fields.Length, service);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
