using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Taskroute.Server.Api;

/// <summary>
/// New SocialContact ids: RFC 9562 version 7 GUIDs, as <see cref="Guid.CreateVersion7()"/> makes them,
/// with their random bits from a per-thread block of cryptographic randomness.
/// </summary>
/// <remarks>
/// <see cref="Guid.CreateVersion7()"/> reads /dev/urandom once per id: a system call per submitted task,
/// and system calls are what a submit spends most on besides its own work, dearly so on a virtual
/// machine (docs/benchmarks.md). One call here fills the random bits of 256 ids.
/// </remarks>
public static class ContactIds
{
    private const int IdBytes = 16;
    private const int BlockBytes = 256 * IdBytes;

    [ThreadStatic] private static byte[]? t_block;
    [ThreadStatic] private static int t_used;

    public static Guid Next() => Next(DateTimeOffset.UtcNow);

    public static Guid Next(DateTimeOffset time)
    {
        var block = t_block;
        if (block is null || t_used == BlockBytes)
        {
            block = t_block ??= new byte[BlockBytes];
            RandomNumberGenerator.Fill(block);
            t_used = 0;
        }
        Span<byte> id = stackalloc byte[IdBytes];
        block.AsSpan(t_used, IdBytes).CopyTo(id);
        // Used randomness is not left behind for a later reader of this thread's memory to find.
        block.AsSpan(t_used, IdBytes).Clear();
        t_used += IdBytes;

        // Big-endian layout of RFC 9562: 48 bits of Unix milliseconds, version 7, 12 random bits,
        // variant 10, 62 random bits.
        var ms = (ulong)time.ToUnixTimeMilliseconds() & 0xFFFF_FFFF_FFFF;
        Span<byte> stamp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(stamp, ms << 16);
        stamp[..6].CopyTo(id);
        id[6] = (byte)(0x70 | (id[6] & 0x0F));
        id[8] = (byte)(0x80 | (id[8] & 0x3F));
        return new Guid(id, bigEndian: true);
    }
}
