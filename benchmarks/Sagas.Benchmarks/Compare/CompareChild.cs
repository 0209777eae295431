namespace Sagas.Benchmarks.Compare;

/// <summary>
/// The child process of the compare mode (<c>compare-child KEY [options]</c>): measures one side,
/// then prints the result as one line for the parent. Its progress goes to standard error.
/// </summary>
internal static class CompareChild
{
    public const string Mode = "compare-child";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || CompareSide.Find(args[0]) is not { } side || !CompareOptions.TryParse(args[1..], out var options))
        {
            Console.Error.WriteLine($"Usage: {Mode} SIDE [options]; SIDE is one of {string.Join(", ", CompareSide.All.Select(s => s.Key))}");
            return 2;
        }

        Measurement result;
        try
        {
            result = await side.RunAsync(options);
        }
        catch (WorkflowFailedException e)
        {
            result = Measurement.Failed(e.Message);
        }
        catch (Exception e)
        {
            // A side that throws has failed; the parent prints why instead of a figure.
            Console.Error.WriteLine(e);
            result = Measurement.Failed($"{e.GetType().Name}: {e.Message}");
        }

        Console.WriteLine(result.ToLine());
        return 0;
    }
}
