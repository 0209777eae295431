namespace Sagas.Redis.Tests;

/// <summary>Key names: one cluster slot per instance, and names that would break that are refused.</summary>
public sealed class RedisKeysTests
{
    [Fact]
    public void The_slot_function_gives_the_values_the_Redis_documentation_gives()
    {
        Assert.Equal(0x31C3, ClusterSlot.Crc16("123456789"u8)); // the CRC16-XMODEM check value
        Assert.Equal(11058, ClusterSlot.Of("somekey"));
        Assert.Equal(2515, ClusterSlot.Of("foo{hash_tag}"));
        Assert.Equal(ClusterSlot.Of("hash_tag"), ClusterSlot.Of("bar{hash_tag}baz"));
    }

    [Fact]
    public void Different_instances_spread_over_slots()
    {
        var keys = new RedisKeys("sagas:");
        var slots = Enumerable.Range(0, 20).Select(i => ClusterSlot.Of((string)keys.State(new SagaKey("Tests.OrderSaga", $"order-{i}"))!)).Distinct();
        Assert.True(slots.Count() > 10, "the correlation key should be part of the hash tag");
    }

    [Fact]
    public void A_key_prefix_with_a_brace_is_refused_with_a_fix()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisKeys("app{1}:"));
        Assert.Contains("Sagas:Redis:KeyPrefix", error.Message);
        Assert.Contains("without braces", error.Message);
    }

    [Theory]
    [InlineData("Orders:Saga")]
    [InlineData("Orders{Saga}")]
    [InlineData("")]
    public void A_saga_name_that_would_break_the_hash_tag_is_refused(string sagaName)
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisKeys("sagas:").State(new SagaKey(sagaName, "k")));
        Assert.Contains("Give the saga a name without them", error.Message);
    }
}
