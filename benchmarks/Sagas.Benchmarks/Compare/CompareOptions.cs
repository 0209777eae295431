using System.Globalization;

namespace Sagas.Benchmarks.Compare;

/// <summary>The compare mode's command line: <c>[--sagas N] [--rounds R] [--redis-seconds S] [--only workflow|handler|redis]</c>.</summary>
internal sealed record CompareOptions(int Sagas, int Rounds, int RedisSeconds, CompareSection? Only)
{
    public const int DefaultSagas = 20_000;
    public const int DefaultRounds = 3;
    public const int DefaultRedisSeconds = Timing.DefaultSeconds;

    public const string Usage =
        "Usage: dotnet run -c Release --project benchmarks/Sagas.Benchmarks -- compare [--sagas N] [--rounds R] [--redis-seconds S] [--only workflow|handler|redis]\n"
        + "  N: sagas measured in the workflow comparison, after as many to warm up (default 20000)\n"
        + "  R: rounds; each round measures every side once, each in a fresh process, and the table shows medians (default 3)\n"
        + "  S: seconds the Redis path and its ceiling are each measured for, after a third as many to warm up (default 10, as the redis mode)\n"
        + "  --only: one part of the comparison";

    public static CompareOptions Default { get; } = new(DefaultSagas, DefaultRounds, DefaultRedisSeconds, null);

    /// <summary>The options as a command line, for a child process.</summary>
    public string[] ToArguments() =>
        ["--sagas", Text(Sagas), "--rounds", Text(Rounds), "--redis-seconds", Text(RedisSeconds)];

    public static bool TryParse(IReadOnlyList<string> args, out CompareOptions options)
    {
        options = Default;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--sagas" when Positive(value, out var sagas):
                    options = options with { Sagas = sagas };
                    break;
                case "--rounds" when Positive(value, out var rounds):
                    options = options with { Rounds = rounds };
                    break;
                case "--redis-seconds" when Positive(value, out var seconds):
                    options = options with { RedisSeconds = seconds };
                    break;
                case "--only" when Enum.TryParse<CompareSection>(value, ignoreCase: true, out var only):
                    options = options with { Only = only };
                    break;
                default:
                    return false;
            }

            i++;
        }

        return true;
    }

    private static bool Positive(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
