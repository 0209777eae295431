using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>
/// Binds <see cref="RedisSagasOptions"/> from <c>Sagas:Redis</c>, <see cref="RedisStreamsOptions"/>
/// from <c>Sagas:Redis:Streams</c> and <see cref="RedisHealthOptions"/> from <c>Sagas:Redis:Health</c>
/// of the host's configuration, so that
/// <c>--Sagas:Redis:KeyPrefix shop:</c> works with no code. Registered before the options that
/// <c>UseRedis</c> is given, which therefore win. Without an <see cref="IConfiguration"/> in the
/// container it does nothing.
/// </summary>
internal sealed class RedisOptionsBinding(IServiceProvider services)
    : IConfigureOptions<RedisSagasOptions>, IConfigureOptions<RedisStreamsOptions>, IConfigureOptions<RedisHealthOptions>
{
    // Plain calls on a section, which the binding generator replaces with generated code (no
    // reflection, so Native AOT binds them too); it does not see through '?.'.
    public void Configure(RedisSagasOptions options)
    {
        if (Section(RedisSagasOptions.SectionName) is { } section)
        {
            section.Bind(options);
        }
    }

    public void Configure(RedisStreamsOptions options)
    {
        if (Section(RedisStreamsOptions.SectionName) is { } section)
        {
            section.Bind(options);
        }
    }

    public void Configure(RedisHealthOptions options)
    {
        if (Section(RedisHealthOptions.SectionName) is { } section)
        {
            section.Bind(options);
        }
    }

    private IConfigurationSection? Section(string name) => (services.GetService(typeof(IConfiguration)) as IConfiguration)?.GetSection(name);
}
