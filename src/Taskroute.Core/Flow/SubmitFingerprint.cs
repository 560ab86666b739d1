using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Taskroute.Core.Flow;

/// <summary>
/// What a submit asked for, as 64 bits: every field of the task but the contact id the server gave
/// it. Two submits under one idempotency key must be the same request; a client that reuses a key for
/// another task has a bug, and answering with the first task would hide it. Stable across processes
/// and builds, since snapshots keep it.
/// </summary>
public static class SubmitFingerprint
{
    /// <summary>Never a fingerprint: a key remembered by an older snapshot, whose request is not known.</summary>
    public const ulong Unknown = 0;

    public static ulong Of(TaskData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new MemoryStream(256);
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(data.FeedId);
            Text(w, data.Name);
            Text(w, data.Title);
            Text(w, data.Description);
            Text(w, data.ScriptSelector);
            Text(w, data.MediaType);
            w.Write(data.RequeueOnRecovery);
            w.Write(data.Priority);
            w.Write(data.PreferredAgentId);
            // Trailing unset call variables are the same request as none.
            var last = data.CallVariables.Count;
            while (last > 0 && data.CallVariables[last - 1] is null) last--;
            w.Write(last);
            for (var i = 0; i < last; i++) Text(w, data.CallVariables[i]);
            w.Write(data.EccVariables.Count);
            foreach (var (name, value) in data.EccVariables)
            {
                Text(w, name);
                Text(w, value);
            }
            w.Write(data.Tags.Count);
            foreach (var tag in data.Tags) Text(w, tag);
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(stream.GetBuffer().AsSpan(0, (int)stream.Length), hash);
        var fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        return fingerprint == Unknown ? 1 : fingerprint;
    }

    // Null and empty differ only in whether a field was sent; both are "not given" to the routing.
    private static void Text(BinaryWriter w, string? text) => w.Write(text ?? "");
}
