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
        var retryDelays = section.GetSection(nameof(SagasOptions.RetryDelays));
        RequireTimes(retryDelays);

        // Key by key, through the binding generator (no reflection, so Native AOT binds them too);
        // JsonSerializerOptions is set in code, never from configuration.
        options.MissingSaga = section.GetValue(nameof(SagasOptions.MissingSaga), options.MissingSaga);
        options.FinishedSaga = section.GetValue(nameof(SagasOptions.FinishedSaga), options.FinishedSaga);
        options.MaxConcurrencyRetries = section.GetValue(nameof(SagasOptions.MaxConcurrencyRetries), options.MaxConcurrencyRetries);
        options.RelayGracePeriod = section.GetValue(nameof(SagasOptions.RelayGracePeriod), options.RelayGracePeriod);
        options.CompensationTimeout = section.GetValue(nameof(SagasOptions.CompensationTimeout), options.CompensationTimeout);
        options.CompensationAttempts = section.GetValue(nameof(SagasOptions.CompensationAttempts), options.CompensationAttempts);
        options.Concurrency = section.GetValue(nameof(SagasOptions.Concurrency), options.Concurrency);
        options.SerializeInMemoryMessages = section.GetValue(nameof(SagasOptions.SerializeInMemoryMessages), options.SerializeInMemoryMessages);
        if (retryDelays.GetChildren().Any())
        {
            options.RetryDelays = retryDelays.Get<List<TimeSpan>>();
        }

        section.GetSection(nameof(SagasOptions.InMemory)).Bind(options.InMemory);
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
