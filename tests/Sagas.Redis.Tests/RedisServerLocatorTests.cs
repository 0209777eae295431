namespace Sagas.Redis.Tests;

/// <summary>The message a machine without redis-server gets, checked without touching the real PATH.</summary>
public sealed class RedisServerLocatorTests
{
    [Fact]
    public void A_missing_redis_server_says_how_to_install_it_or_skip()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RedisServerLocator.Find(null, "/nonexistent-folder"));

        Assert.Equal(
            "redis-server was not found on PATH. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server), "
            + "point SAGAS_REDIS at a running server, or set SAGAS_SKIP_REDIS=1 to skip the Redis tests.",
            error.Message);
    }

    [Fact]
    public void A_binary_named_by_path_is_used_when_it_exists()
    {
        var binary = Path.GetTempFileName();
        try
        {
            Assert.Equal(binary, RedisServerLocator.Find(binary, ""));
            Assert.Throws<InvalidOperationException>(() => RedisServerLocator.Find(binary + ".missing", ""));
        }
        finally
        {
            File.Delete(binary);
        }
    }
}
