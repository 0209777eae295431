using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sagas;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the Sagas inspector page needs.</summary>
public static class SagasInspectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the inspector's options (bound from <c>Sagas:Inspector</c>, then
    /// <paramref name="configure"/>, checked at start), anti-forgery and authorization. Call it
    /// beside <c>AddSagas</c>, then map the page with <c>app.MapSagasInspector("/sagas")</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Settings in code, which win over configuration.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddSagasInspector(this IServiceCollection services, Action<SagasInspectorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SagasInspectorOptions>, SagasInspectorOptionsBinding>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SagasInspectorOptions>, SagasInspectorOptionsValidator>());
        var options = services.AddOptions<SagasInspectorOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddAntiforgery();
        services.AddAuthorization();
        services.TryAddSingleton<InspectorMarker>();
        return services;
    }
}

/// <summary>Binds <see cref="SagasInspectorOptions"/> from the host's configuration, when it has one.</summary>
internal sealed class SagasInspectorOptionsBinding(IServiceProvider services) : IConfigureOptions<SagasInspectorOptions>
{
    public void Configure(SagasInspectorOptions options)
    {
        // Read by hand rather than bound by reflection: the package stays trimming- and AOT-clean.
        if ((services.GetService(typeof(IConfiguration)) as IConfiguration)?.GetSection(SagasInspectorOptions.SectionName) is not { } section)
        {
            return;
        }

        options.WritePolicy = section[nameof(options.WritePolicy)] ?? options.WritePolicy;
        if (section[nameof(options.StuckAfter)] is { } stuck)
        {
            options.StuckAfter = TimeSpan.TryParse(stuck, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new OptionsValidationException(SagasInspectorOptions.SectionName, typeof(SagasInspectorOptions), [$"{SagasInspectorOptions.SectionName}:{nameof(options.StuckAfter)} is '{stuck}', not a time; write it as 00:15:00."]);
        }

        if (section[nameof(options.PageSize)] is { } size)
        {
            options.PageSize = int.TryParse(size, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new OptionsValidationException(SagasInspectorOptions.SectionName, typeof(SagasInspectorOptions), [$"{SagasInspectorOptions.SectionName}:{nameof(options.PageSize)} is '{size}', not a number; set 1 to 500."]);
        }
    }
}

/// <summary>Tells <c>MapSagasInspector</c> that <c>AddSagasInspector</c> was called.</summary>
internal sealed class InspectorMarker;
