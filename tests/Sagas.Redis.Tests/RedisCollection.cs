namespace Sagas.Redis.Tests;

/// <summary>The tests that share one <see cref="RedisServerFixture"/>; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    /// <summary>The collection's name, for <c>[Collection(RedisCollection.Name)]</c>.</summary>
    public const string Name = "Redis";
}
