using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sagas.Inspector.Tests;

/// <summary>The inspector's settings: bound from Sagas:Inspector, checked at start with the key to fix.</summary>
public sealed class InspectorOptionsTests
{
    [Fact]
    public void Settings_bind_from_the_Sagas_Inspector_section_and_code_wins()
    {
        var options = Options(new() { ["Sagas:Inspector:StuckAfter"] = "00:05:00", ["Sagas:Inspector:PageSize"] = "20", ["Sagas:Inspector:WritePolicy"] = "from-config" }, o => o.WritePolicy = "from-code");

        Assert.Equal((TimeSpan.FromMinutes(5), 20, "from-code"), (options.StuckAfter, options.PageSize, options.WritePolicy));
    }

    [Theory]
    [InlineData("Sagas:Inspector:StuckAfter", "-00:01:00", "Sagas:Inspector:StuckAfter is -00:01:00")]
    [InlineData("Sagas:Inspector:StuckAfter", "soon", "not a time")]
    [InlineData("Sagas:Inspector:PageSize", "0", "Sagas:Inspector:PageSize is 0; set 1 to 500")]
    [InlineData("Sagas:Inspector:WritePolicy", " ", "WritePolicy is blank")]
    public void A_bad_setting_is_refused_with_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { [key] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static SagasInspectorOptions Options(Dictionary<string, string?> settings, Action<SagasInspectorOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSagasInspector(configure);
        return services.BuildServiceProvider().GetRequiredService<IOptions<SagasInspectorOptions>>().Value;
    }
}
