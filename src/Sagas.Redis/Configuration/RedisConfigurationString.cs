using System.Globalization;
using StackExchange.Redis;

namespace Sagas;

/// <summary>
/// Reads <see cref="RedisSagasOptions.Configuration"/>, refusing what StackExchange.Redis would take
/// silently (an address whose port is not a number drops out of the list). Errors never repeat the
/// whole string, which may hold a password.
/// </summary>
internal static class RedisConfigurationString
{
    private const string Key = RedisSagasOptions.SectionName + ":" + nameof(RedisSagasOptions.Configuration);

    /// <exception cref="ArgumentException">The string is empty, not valid, names no address, or an address with a bad port.</exception>
    public static ConfigurationOptions Parse(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            throw new ArgumentException($"{Key} is empty. Set it to the Redis address, for example 'localhost:6379'.", nameof(configuration));
        }

        foreach (var part in configuration.Split(','))
        {
            var address = part.Trim();
            if (address.Length > 0 && !address.Contains('=', StringComparison.Ordinal))
            {
                CheckPort(address);
            }
        }

        ConfigurationOptions parsed;
        try
        {
            parsed = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            // Only the parser's complaint, which names the keyword, not its value.
            throw new ArgumentException(
                $"{Key} is not a valid StackExchange.Redis configuration string ({ex.Message.Split('\n')[0].Trim()}). "
                + "Use the form 'host:port[,user=...][,password=...][,ssl=true]'.",
                nameof(configuration),
                ex);
        }

        if (parsed.EndPoints.Count == 0)
        {
            throw new ArgumentException($"{Key} names no Redis address. Start it with 'host:port', for example 'localhost:6379'.", nameof(configuration));
        }

        return parsed;
    }

    // "host", "host:port", "1.2.3.4:port", "[::1]:port"; a bare IPv6 address has no port to check.
    private static void CheckPort(string address)
    {
        var colon = address.LastIndexOf(':');
        var bracket = address.LastIndexOf(']');
        if (colon < 0 || colon < bracket || (bracket < 0 && address.IndexOf(':') != colon))
        {
            return;
        }

        var port = address[(colon + 1)..];
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new ArgumentException(
                $"{Key} names the address '{address}', whose port '{port}' is not a number from 1 to 65535. Write it as 'host:port', for example 'localhost:6379'.",
                "configuration");
        }
    }
}
