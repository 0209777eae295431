using System.Globalization;
using Microsoft.Extensions.Options;

namespace Sagas;

/// <summary>Collects what is wrong with a section's settings, each as "key is value; set it to ...".</summary>
/// <remarks>Compiled into Sagas.Redis too (a linked file), so every package words its problems alike without making this public.</remarks>
internal sealed class OptionsProblems(string section)
{
    private readonly List<string> _problems = [];

    /// <summary>Notes <paramref name="key"/> when <paramref name="valid"/> is false.</summary>
    public void Require(bool valid, string key, object? value, string allowed)
    {
        if (!valid)
        {
            Add(string.Format(CultureInfo.InvariantCulture, "{0}:{1} is {2}; set it to {3}.", section, key, value, allowed));
        }
    }

    /// <summary>Notes a problem already worded.</summary>
    public void Add(string problem) => _problems.Add(problem);

    /// <summary>Success, or every problem noted.</summary>
    public ValidateOptionsResult Result => _problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_problems);
}
