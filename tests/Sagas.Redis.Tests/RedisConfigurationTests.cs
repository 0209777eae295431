using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Redis.Tests;

/// <summary>
/// <c>UseRedis</c> binds <c>Sagas:Redis</c> and <c>Sagas:Redis:Streams</c> by itself, lets code win,
/// and refuses bad values at start, before any connection is tried.
/// </summary>
public sealed class RedisConfigurationTests
{
    [Fact]
    public void Settings_bind_from_the_command_line_with_no_binding_code()
    {
        using var host = Build(
            ["--Sagas:Redis:Configuration", "redis.example:6380", "--Sagas:Redis:KeyPrefix", "shop:", "--Sagas:Redis:CompletedRetention", "02:00:00",
             "--Sagas:Redis:Streams:ServiceName", "orders", "--Sagas:Redis:Streams:Partitions", "4"],
            null);

        var redis = host.Services.GetRequiredService<IOptions<RedisSagasOptions>>().Value;
        var streams = host.Services.GetRequiredService<IOptions<RedisStreamsOptions>>().Value;

        Assert.Equal("redis.example:6380", redis.Configuration);
        Assert.Equal("shop:", redis.KeyPrefix);
        Assert.Equal(TimeSpan.FromHours(2), redis.CompletedRetention);
        Assert.Equal("orders", streams.ServiceName);
        Assert.Equal(4, streams.Partitions);
        Assert.Equal("redis.example:6380", host.Services.GetRequiredService<RedisConnection>().Address);
    }

    [Fact]
    public void The_health_checks_settings_bind_from_the_command_line_and_default_to_2_s_10_min_and_1000()
    {
        using var configured = Build(
            ["--Sagas:Redis:Health:Timeout", "00:00:05", "--Sagas:Redis:Health:Window", "00:30:00", "--Sagas:Redis:Health:MaxConsumerLag", "50"], null);
        using var defaults = Build([], null);

        var health = configured.Services.GetRequiredService<IOptions<RedisHealthOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30), 50L), (health.Timeout, health.Window, health.MaxConsumerLag));
        var unset = defaults.Services.GetRequiredService<IOptions<RedisHealthOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10), 1000L), (unset.Timeout, unset.Window, unset.MaxConsumerLag));
    }

    [Fact]
    public void What_UseRedis_is_given_wins_over_configuration()
    {
        using var host = Build(
            ["--Sagas:Redis:Configuration", "redis.example:6380", "--Sagas:Redis:KeyPrefix", "shop:", "--Sagas:Redis:Streams:Partitions", "4"],
            "localhost:6379",
            redis => redis.KeyPrefix = "code:",
            streams => streams.Partitions = 2);

        Assert.Equal("localhost:6379", host.Services.GetRequiredService<IOptions<RedisSagasOptions>>().Value.Configuration);
        Assert.Equal("code:", host.Services.GetRequiredService<IOptions<RedisSagasOptions>>().Value.KeyPrefix);
        Assert.Equal(2, host.Services.GetRequiredService<IOptions<RedisStreamsOptions>>().Value.Partitions);
    }

    [Theory]
    [InlineData("Sagas:Redis:Configuration", "localhost:abc", "port 'abc' is not a number from 1 to 65535")]
    [InlineData("Sagas:Redis:Configuration", "localhost:70000", "port '70000' is not a number from 1 to 65535")]
    [InlineData("Sagas:Redis:Configuration", "localhost:6379,colour=blue", "not a valid StackExchange.Redis configuration string")]
    [InlineData("Sagas:Redis:KeyPrefix", "app{1}:", "without '{' or '}'")]
    [InlineData("Sagas:Redis:KeyPrefix", "", "a prefix of its own")]
    [InlineData("Sagas:Redis:ConnectTimeout", "00:00:00", "a positive time")]
    [InlineData("Sagas:Redis:InboxRetention", "-1.00:00:00", "a positive time")]
    [InlineData("Sagas:Redis:TimeoutPollInterval", "00:00:00", "a positive time")]
    [InlineData("Sagas:Redis:TimeoutLease", "00:00:00.500", "at least one second")]
    [InlineData("Sagas:Redis:InstanceCacheSize", "-1", "0 (off) or more")]
    [InlineData("Sagas:Redis:Streams:Partitions", "0", "a number from 1 to 1024")]
    [InlineData("Sagas:Redis:Streams:BatchSize", "0", "a positive number")]
    [InlineData("Sagas:Redis:Streams:MaxDeliveries", "0", "a positive number")]
    [InlineData("Sagas:Redis:Streams:ClaimIdleTime", "00:00:00", "a positive time")]
    [InlineData("Sagas:Redis:Streams:ServiceName", " ", "the service's stable name")]
    [InlineData("Sagas:Redis:Health:Timeout", "00:00:00", "a positive time, such as 00:00:02")]
    [InlineData("Sagas:Redis:Health:Window", "-00:10:00", "a positive time, such as 00:10:00")]
    [InlineData("Sagas:Redis:Health:MaxConsumerLag", "-1", "0 (off) or more, such as 1000")]
    public async Task A_bad_value_stops_the_host_at_start_naming_its_key(string key, string value, string allowed)
    {
        using var host = Build([$"--{key}={value}"], null);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_configuration_string_does_not_repeat_its_password()
    {
        using var host = Build(["--Sagas:Redis:Configuration=localhost:6379,password=hunter2,colour=blue"], null);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("colour", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_appsettings_example_in_README_binds_as_it_says()
    {
        var readme = File.ReadAllText(Path.Combine(ReadmeAcl.RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..];
        var json = section[(section.IndexOf("```json", StringComparison.Ordinal) + 7)..section.IndexOf("\n```\n", StringComparison.Ordinal)];
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        builder.Services.AddSagas().UseRedis();
        using var host = builder.Build();

        var sagas = host.Services.GetRequiredService<IOptions<SagasOptions>>().Value;
        var redis = host.Services.GetRequiredService<IOptions<RedisSagasOptions>>().Value;
        var streams = host.Services.GetRequiredService<IOptions<RedisStreamsOptions>>().Value;
        Assert.Equal(4, sagas.Concurrency);
        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)], sagas.RetryDelays);
        Assert.StartsWith("redis:6379,user=orders", redis.Configuration, StringComparison.Ordinal);
        Assert.Equal("shop:", redis.KeyPrefix);
        Assert.Equal(("orders", 4), (streams.ServiceName, streams.Partitions));
    }

    private static IHost Build(string[] args, string? configuration, Action<RedisSagasOptions>? redis = null, Action<RedisStreamsOptions>? streams = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.AddSagas().UseRedis(configuration, redis, streams).AddHostedWorker();
        return builder.Build();
    }
}
