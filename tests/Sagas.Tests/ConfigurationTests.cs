using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sagas.Tests;

/// <summary><c>AddSagas()</c> binds the <c>Sagas</c> section by itself, lets code win, and refuses bad values at start.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Settings_bind_from_the_command_line_with_no_binding_code()
    {
        using var host = Build(["--Sagas:Concurrency", "7", "--Sagas:RetryDelays:0", "00:00:02", "--Sagas:MissingSaga", "Fault", "--Sagas:CompensationAttempts", "5"]);

        var options = host.Services.GetRequiredService<IOptions<SagasOptions>>().Value;

        Assert.Equal(7, options.Concurrency);
        Assert.Equal([TimeSpan.FromSeconds(2)], options.RetryDelays);
        Assert.Equal(MissingSagaPolicy.Fault, options.MissingSaga);
        Assert.Equal(5, options.CompensationAttempts);
    }

    [Fact]
    public void What_code_sets_wins_over_configuration_and_the_rest_still_binds()
    {
        using var host = Build(["--Sagas:Concurrency", "7", "--Sagas:CompensationAttempts", "5"], o => o.Concurrency = 2);

        var options = host.Services.GetRequiredService<IOptions<SagasOptions>>().Value;

        Assert.Equal(2, options.Concurrency);
        Assert.Equal(5, options.CompensationAttempts);
    }

    [Theory]
    [InlineData("Sagas:Concurrency", "0", "1 or more")]
    [InlineData("Sagas:Concurrency", "-3", "1 or more")]
    [InlineData("Sagas:MaxConcurrencyRetries", "-1", "0 or more")]
    [InlineData("Sagas:CompensationAttempts", "0", "1 or more")]
    [InlineData("Sagas:CompensationTimeout", "00:00:00", "a positive time")]
    [InlineData("Sagas:RelayGracePeriod", "-00:00:01", "a time of 0 or more")]
    [InlineData("Sagas:RetryDelays:1", "-00:00:01", "a time of 0 or more")]
    [InlineData("Sagas:InMemory:MaxCompleted", "-1", "0 or more")]
    [InlineData("Sagas:InMemory:MaxFlows", "-1", "0 or more")]
    [InlineData("Sagas:InMemory:CompletedRetention", "-00:00:01", "a time of 0 or more")]
    [InlineData("Sagas:RetryDelays:1", "", "not a time")]
    [InlineData("Sagas:RetryDelays:1", "soon", "not a time")]
    public async Task A_value_out_of_range_stops_the_host_at_start_naming_its_key_and_value(string key, string value, string allowed)
    {
        string[] args = key.StartsWith("Sagas:RetryDelays", StringComparison.Ordinal) ? ["--Sagas:RetryDelays:0", "00:00:01"] : [];
        using var host = Build([.. args, $"--{key}={value}"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"{key} is ", error.Message, StringComparison.Ordinal);
        Assert.Contains(value.Length == 0 ? "''" : value.TrimStart('-'), error.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_service_collection_without_configuration_gets_the_defaults()
    {
        using var services = new ServiceCollection().AddSagas().Services.BuildServiceProvider();

        Assert.Equal(1, services.GetRequiredService<IOptions<SagasOptions>>().Value.Concurrency);
    }

    private static IHost Build(string[] args, Action<SagasOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.AddSagas(configure).AddHostedWorker();
        return builder.Build();
    }
}
