using StackExchange.Redis;

namespace Sagas.Redis.Tests;

/// <summary>Reads a flow log stream (<c>{prefix}flow:{correlation id}</c>) straight from Redis, as the tests check it.</summary>
public static class FlowLog
{
    /// <summary>
    /// The types of the flow's messages in order, each message once: a relay after a crash may send
    /// one again, with the same id, which every inbox absorbs.
    /// </summary>
    public static async Task<List<string>> TypesAsync(IDatabase db, RedisKey flow)
    {
        var seen = new HashSet<string>();
        return [.. (await EntriesAsync(db, flow)).Where(m => seen.Add(m.Field("id"))).Select(m => m.Field("type"))];
    }

    /// <summary>Every entry of a stream as its fields, oldest first.</summary>
    public static async Task<List<Fields>> EntriesAsync(IDatabase db, RedisKey stream)
    {
        var entries = (RedisResult[])(await db.ExecuteAsync("XRANGE", stream, "-", "+"))!;
        return [.. entries.Select(e => new Fields([.. ((RedisResult[])((RedisResult[])e!)[1]!).Select(f => (string)f!)]))];
    }

    /// <summary>A stream entry's field-value list.</summary>
    public sealed record Fields(string[] Values)
    {
        public string Field(string name) => Values[Array.IndexOf(Values, name) + 1];
    }
}
