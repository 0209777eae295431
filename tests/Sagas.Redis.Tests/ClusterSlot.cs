using System.Text;

namespace Sagas.Redis.Tests;

/// <summary>
/// Redis Cluster's key → slot function (CRC16-XMODEM of the hash tag, or of the whole key, mod 16384),
/// written from the cluster specification so the tests can check slots without a cluster.
/// </summary>
public static class ClusterSlot
{
    /// <summary>The slot Redis Cluster stores <paramref name="key"/> in.</summary>
    public static int Of(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        return Crc16(HashedPart(bytes)) % 16384;
    }

    /// <summary>The part of the key that is hashed: the first non-empty {tag}, else the whole key.</summary>
    public static ReadOnlySpan<byte> HashedPart(ReadOnlySpan<byte> key)
    {
        var open = key.IndexOf((byte)'{');
        if (open < 0)
        {
            return key;
        }

        var close = key[(open + 1)..].IndexOf((byte)'}');
        return close <= 0 ? key : key.Slice(open + 1, close);
    }

    /// <summary>CRC16 with polynomial 0x1021, initial value 0, no reflection (XMODEM).</summary>
    public static int Crc16(ReadOnlySpan<byte> data)
    {
        var crc = 0;
        foreach (var b in data)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }

        return crc;
    }
}
