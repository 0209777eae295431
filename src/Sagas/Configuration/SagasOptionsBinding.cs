using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>
/// Binds <see cref="SagasOptions"/> from the host's <c>Sagas</c> configuration section, so that
/// <c>appsettings.json</c>, environment variables and <c>--Sagas:Concurrency 4</c> work with no
/// code. Registered before the options that code gives, which therefore win. Without an
/// <see cref="IConfiguration"/> in the container (a bare service collection) it does nothing.
/// </summary>
internal sealed class SagasOptionsBinding(IServiceProvider services) : IConfigureOptions<SagasOptions>
{
    public void Configure(SagasOptions options)
    {
        if (services.GetService(typeof(IConfiguration)) is not IConfiguration configuration)
        {
            return;
        }

        var section = configuration.GetSection(SagasOptions.SectionName);
        RequireTimes(section.GetSection(nameof(SagasOptions.RetryDelays)));
        section.Bind(options);
    }

    // The binder turns an empty entry into a zero delay without a word, and reports an unparsable
    // one without saying what a time looks like: both are refused here, naming the key.
    private static void RequireTimes(IConfigurationSection list)
    {
        foreach (var entry in list.GetChildren())
        {
            if (!TimeSpan.TryParse(entry.Value, CultureInfo.InvariantCulture, out _))
            {
                throw new OptionsValidationException(
                    SagasOptions.SectionName,
                    typeof(SagasOptions),
                    [$"{entry.Path} is '{entry.Value}', which is not a time: set it to a time such as 00:00:01 (hh:mm:ss), or remove the entry."]);
            }
        }
    }
}
