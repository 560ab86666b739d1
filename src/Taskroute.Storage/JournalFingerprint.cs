using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Taskroute.Storage;

/// <summary>
/// A journal record's fingerprint: a hash of its time stamp and its events as stored. A copy of the
/// journal (a SQLite backup, a pg_dump reloaded) gives every record the same fingerprint; another
/// journal, or the same one restored and written on from an earlier point, gives its records other
/// ones, since every record carries the time it was made to the millisecond and its tasks' ids.
/// </summary>
public static class JournalFingerprint
{
    public static long Of(long time, ReadOnlySpan<byte> events)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, time);
        hash.AppendData(bytes[..8]);
        hash.AppendData(events);
        hash.GetHashAndReset(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }
}
