using Microsoft.Extensions.Options;
using Sagas;

namespace OrderFulfillment;

/// <summary>
/// The ledger shared by every payment process of a sample run on Redis: one field per refunded
/// payment id, set only if absent (HSETNX), so two processes refunding one payment at once agree
/// on which refunds. The key is under the Sagas key prefix, which README's ACL rule already grants.
/// </summary>
public sealed class RedisRefundLedger(RedisConnection redis, IOptions<RedisSagasOptions> options) : IRefundLedger
{
    private readonly string _key = options.Value.KeyPrefix + "sample:refunded-payments";

    public async ValueTask<bool> TryRecordAsync(string paymentId, CancellationToken cancellationToken)
    {
        var database = await redis.GetDatabaseAsync(cancellationToken);
        return await database.HashSetAsync(_key, paymentId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), StackExchange.Redis.When.NotExists);
    }
}
