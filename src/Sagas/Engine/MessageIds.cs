using System.Security.Cryptography;

namespace Sagas;

/// <summary>
/// Message ids without a system call each: 32 hex digits, a random 64-bit prefix drawn once per
/// process followed by a counter that starts at a random value. Two processes share a prefix with
/// odds of one in 2^64, and one process repeats an id only after 2^64 messages.
/// </summary>
internal static class MessageIds
{
    private static readonly ulong Prefix = Random64();
    private static long _counter = (long)Random64();

    /// <summary>A new id, unique across processes.</summary>
    public static string Next()
    {
        var sequence = (ulong)Interlocked.Increment(ref _counter);
        return string.Create(32, sequence, static (chars, sequence) =>
        {
            Prefix.TryFormat(chars, out _, "x16");
            sequence.TryFormat(chars[16..], out _, "x16");
        });
    }

    private static ulong Random64()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
