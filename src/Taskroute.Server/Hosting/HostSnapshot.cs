using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Hosting;

/// <summary>
/// What the server stores as a snapshot: the engine's snapshot and the idempotency keys the writer
/// loop remembers, which a full replay would have rebuilt from the journal's records and a partial
/// one cannot. Layout: "TRHS", version (2 bytes), the engine's snapshot (length, bytes), the keys
/// (count; key, contact, time, and since version 2 the request's fingerprint), since version 3 the
/// <see cref="Storage.JournalFingerprint"/> of the journal record the snapshot covers, and a SHA-256
/// of all before it. The record's fingerprint ties the snapshot to its journal: a journal restored
/// from a backup and written on, or another journal, has another record at that number.
/// </summary>
internal static class HostSnapshot
{
    public const ushort Version = 3;
    private const ushort WithoutFingerprints = 1;
    private const ushort WithoutRecordFingerprint = 2;
    private static ReadOnlySpan<byte> Magic => "TRHS"u8;
    private const int Trailer = 32;

    /// <summary>Where the engine's snapshot starts, after the frame's magic, version and the engine's length.</summary>
    public const int EngineOffset = 4 + 2 + 4;

    /// <summary>Starts a snapshot in <paramref name="buffer"/>: the engine's goes right after, at <see cref="EngineOffset"/>.</summary>
    public static void Begin(SnapshotBuffer buffer)
    {
        buffer.Clear();
        buffer.Append(Magic);
        Span<byte> version = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(version, Version);
        buffer.Append(version);
        buffer.AppendZeros(4);
    }

    /// <summary>
    /// Ends a snapshot begun with <see cref="Begin"/> once the engine's (<paramref name="engineLength"/>
    /// bytes) follows: the keys, the fingerprint of the journal record it covers, then the checksum.
    /// </summary>
    public static void End(SnapshotBuffer buffer, int engineLength, IReadOnlyCollection<KeyValuePair<string, (Guid Contact, long Time, ulong Fingerprint)>> keys, long recordFingerprint)
    {
        buffer.PatchInt32(EngineOffset - 4, engineLength);
        using (var stream = new MemoryStream(4 + keys.Count * 64))
        {
            using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(keys.Count);
                foreach (var (key, (contact, time, fingerprint)) in keys)
                {
                    w.Write(key);
                    w.Write(contact.ToByteArray());
                    w.Write(time);
                    w.Write(fingerprint);
                }
                w.Write(recordFingerprint);
            }
            buffer.Append(stream.GetBuffer().AsSpan(0, (int)stream.Length));
        }
        var length = buffer.Length;
        buffer.AppendZeros(Trailer);
        var all = buffer.Written.Span;
        SHA256.HashData(all[..length], all[length..]);
    }

    /// <summary>
    /// Takes a stored snapshot apart; throws <see cref="SnapshotException"/> when it does not check
    /// out. The record's fingerprint is null in snapshots written before it was kept.
    /// </summary>
    public static (byte[] Engine, List<(string Key, Guid Contact, long Time, ulong Fingerprint)> Keys, long? RecordFingerprint) Read(byte[] bytes)
    {
        if (bytes.Length < 4 + 2 + 4 + 4 + Trailer || !bytes.AsSpan(0, 4).SequenceEqual(Magic)) throw new SnapshotException("not a Taskroute server snapshot");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        if (version is not (Version or WithoutRecordFingerprint or WithoutFingerprints)) throw new SnapshotException($"server snapshot format {version}, this build reads {Version}");
        Span<byte> hash = stackalloc byte[Trailer];
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - Trailer), hash);
        if (!hash.SequenceEqual(bytes.AsSpan(bytes.Length - Trailer))) throw new SnapshotException("the server snapshot's checksum does not match: it is damaged");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 6, bytes.Length - 6 - Trailer, writable: false), Encoding.UTF8);
            var engine = r.ReadBytes(r.ReadInt32());
            var count = r.ReadInt32();
            var keys = new List<(string, Guid, long, ulong)>(Math.Min(count, 1 << 20));
            for (var i = 0; i < count; i++)
                keys.Add((r.ReadString(), new Guid(r.ReadBytes(16)), r.ReadInt64(), version == WithoutFingerprints ? SubmitFingerprint.Unknown : r.ReadUInt64()));
            long? record = version == Version ? r.ReadInt64() : null;
            return (engine, keys, record);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or IOException)
        {
            throw new SnapshotException("the server snapshot could not be read: " + ex.Message, ex);
        }
    }
}
