using System.Globalization;
using System.Runtime.InteropServices;

namespace Sagas.Benchmarks.ScaleOut;

/// <summary>The CPU time (user and system) a process has used so far, from Linux's /proc/PID/stat.</summary>
internal static class CpuTime
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK

    private static readonly double TicksPerSecond = sysconf(ClockTicksName) is > 0 and var ticks ? ticks : 100;

    public static TimeSpan Of(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");

        // The command name, in parentheses, may hold spaces: the fields that follow are counted from its end.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime, stime
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    [DllImport("libc")]
    private static extern long sysconf(int name);
}
