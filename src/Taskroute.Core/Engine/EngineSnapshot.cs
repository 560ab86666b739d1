using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Modules.AgentPeripheral;
using Taskroute.Core.Modules.Ccp;
using Taskroute.Core.Modules.Desktop;
using Taskroute.Core.Modules.MediaRouting;
using Taskroute.Core.Modules.Router;

namespace Taskroute.Core.Engine;

/// <summary>
/// Snapshots: the engine's whole state as bytes, restorable into a fresh engine of the same
/// configuration, which then goes on exactly as the original would have. A restart restores the
/// newest snapshot and replays only the commands after it, instead of the whole journal.
/// <para>
/// Layout: "TRSN", the format version (2 bytes), the configuration's fingerprint (32), the payload's
/// length (4), the payload (the engine's clock, the timers, then each module), and a SHA-256 of all
/// that came before (32). Anything that does not check out is refused with a
/// <see cref="SnapshotException"/>, never half restored.
/// </para>
/// </summary>
public sealed partial class RoutingEngine
{
    /// <summary>The snapshot format this build writes and reads. Bump it whenever any module's state changes shape.</summary>
    // 2: the desktop's media hold a pending NOT_READY.
    // 3: the router's rules in force; a router call walks each of its precision queues.
    // 4: a precision queue walk keeps its step's deadline while the task is at an agent.
    // 5: a router call keeps when it took its place in line.
    public const ushort SnapshotVersion = 5;

    private static ReadOnlySpan<byte> SnapshotMagic => "TRSN"u8;
    private const int SnapshotHeader = 4 + 2 + ConfigurationFingerprint.Length + 4;
    private const int SnapshotTrailer = 32;

    private byte[]? _fingerprint;
    private int _lastSnapshotLength;

    private byte[] Fingerprint => _fingerprint ??= ConfigurationFingerprint.Of(Configuration);

    /// <summary>A hash (hex) of everything in the configuration the engine's behaviour depends on: equal hashes, equal behaviour.</summary>
    public string ConfigurationHash() => Convert.ToHexString(Fingerprint);

    /// <summary>The hash <see cref="ConfigurationHash"/> gives for an engine on <paramref name="configuration"/>.</summary>
    public static string ConfigurationHashOf(RoutingConfiguration configuration) => Convert.ToHexString(ConfigurationFingerprint.Of(configuration));

    /// <summary>
    /// The configuration's hash as its operator wrote it: a time zone's clock, which the server pins
    /// from the machine's tzdata, left out. What tells whether a start is given the same file as before.
    /// </summary>
    public static string ConfigurationHashAsWritten(RoutingConfiguration configuration) => Convert.ToHexString(ConfigurationFingerprint.Of(configuration, zoneOffsets: false));

    /// <summary>Writes the engine's whole state. It changes nothing, so it may be taken between any two commands.</summary>
    public byte[] WriteSnapshot()
    {
        var bytes = WriteUnsealedSnapshot();
        SealSnapshot(bytes);
        return bytes;
    }

    /// <summary>
    /// Writes the engine's whole state without its checksum, which <see cref="SealSnapshot(Span{byte})"/> adds:
    /// the writer loop only copies the state out, and the hashing of megabytes happens off it.
    /// </summary>
    public byte[] WriteUnsealedSnapshot()
    {
        // Sized from the last one: a snapshot is written into one array, grown by copying.
        var w = new SnapshotWriter(_lastSnapshotLength + _lastSnapshotLength / 8 + 4096);
        var length = Write(w);
        _lastSnapshotLength = length;
        return w.ToArray(SnapshotTrailer);
    }

    /// <summary>
    /// Appends the engine's whole state to <paramref name="buffer"/>, with room for its checksum
    /// (zeros, which <see cref="SealSnapshot(Span{byte})"/> fills in), and answers how many bytes that took. A
    /// server writes each snapshot into the same buffer, so that a large one costs no fresh memory.
    /// </summary>
    public int WriteUnsealedSnapshot(SnapshotBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var start = buffer.Length;
        Write(buffer.Writer);
        buffer.Tasks = buffer.Writer.TaskDataCount;
        buffer.Writer.ForgetTaskData();
        buffer.Writer.Zeros(SnapshotTrailer);
        return buffer.Length - start;
    }

    // Header and payload from the writer's current position on; answers their length.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Write(SnapshotWriter w)
    {
        var start = w.Length;
        w.Raw(SnapshotMagic);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(word, SnapshotVersion);
        w.Raw(word[..2]);
        w.Raw(Fingerprint);
        w.Raw(stackalloc byte[4]); // the payload's length, filled in below

        w.Long(_now);
        w.Long(_ctx.Now);
        w.Int(_ctx.RoutingRules);
        _ctx.Timers.Write(w);
        _ccp.Write(w);
        _mediaRouting.Write(w);
        _router.Write(w);
        _peripheral.Write(w);
        _desktop.Write(w);

        var length = w.Length - start;
        w.PatchInt32(start + SnapshotHeader - 4, length - SnapshotHeader);
        return length;
    }

    /// <summary>Fills in the checksum of a snapshot from <see cref="WriteUnsealedSnapshot()"/>; any thread may do it.</summary>
    public static void SealSnapshot(byte[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        SealSnapshot(snapshot.AsSpan());
    }

    /// <summary>Fills in the checksum of a snapshot written into a <see cref="SnapshotBuffer"/>: the span it took.</summary>
    public static void SealSnapshot(Span<byte> snapshot)
    {
        var length = snapshot.Length - SnapshotTrailer;
        SHA256.HashData(snapshot[..length], snapshot[length..]);
    }

    /// <summary>
    /// Restores a snapshot into this engine, which must not have run any command yet. A snapshot
    /// taken under another configuration is restored under that one, when
    /// <see cref="EngineOptions.Configurations"/> knows it. On failure (<see cref="SnapshotException"/>)
    /// the engine is left as it was, fresh.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RestoreSnapshot(byte[] snapshot)
    {
        if (_started) throw new InvalidOperationException("a snapshot is restored only into a fresh engine");
        var (payloadLength, model) = CheckSnapshot(snapshot);
        var ctx = new EngineContext(model, _ctx.Options);
        var ccp = new CcpModule(ctx);
        var mediaRouting = new MediaRoutingModule(ctx);
        var router = new RouterModule(ctx);
        var peripheral = new AgentPeripheralModule(ctx);
        var desktop = new DesktopModule(ctx);
        long now;
        try
        {
            var r = new SnapshotReader(snapshot, SnapshotHeader, payloadLength);
            now = r.Long();
            ctx.Now = r.Long();
            ctx.RoutingRules = r.Int();
            ctx.Timers.Read(r);
            ccp.Read(r);
            mediaRouting.Read(r);
            router.Read(r);
            peripheral.Read(r);
            desktop.Read(r);
            if (!r.AtEnd) throw new SnapshotException("bytes left over after the last module");
        }
        catch (Exception ex) when (ex is not SnapshotException)
        {
            throw new SnapshotException("the snapshot could not be read: " + ex.Message, ex);
        }
        _ctx = ctx;
        _configuration = model.Config;
        _ccp = ccp;
        _mediaRouting = mediaRouting;
        _router = router;
        _peripheral = peripheral;
        _desktop = desktop;
        _now = now;
        _started = true;
        _fingerprint = null;
    }

    /// <summary>Checks a snapshot's frame, version, configuration and checksum; returns the payload's length and the configuration to restore it under.</summary>
    private (int Length, RoutingModel Model) CheckSnapshot(byte[] snapshot)
    {
        if (snapshot.Length < SnapshotHeader + SnapshotTrailer || !snapshot.AsSpan(0, 4).SequenceEqual(SnapshotMagic))
            throw new SnapshotException("not a Taskroute snapshot");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(snapshot.AsSpan(4));
        if (version != SnapshotVersion) throw new SnapshotException($"snapshot format {version}, this build reads {SnapshotVersion}");
        var length = BinaryPrimitives.ReadInt32LittleEndian(snapshot.AsSpan(SnapshotHeader - 4));
        if (length < 0 || (long)SnapshotHeader + length + SnapshotTrailer != snapshot.Length)
            throw new SnapshotException($"the snapshot is {snapshot.Length} bytes, its header says {SnapshotHeader + (long)length + SnapshotTrailer}");
        Span<byte> hash = stackalloc byte[SnapshotTrailer];
        SHA256.HashData(snapshot.AsSpan(0, SnapshotHeader + length), hash);
        if (!hash.SequenceEqual(snapshot.AsSpan(SnapshotHeader + length)))
            throw new SnapshotException("the snapshot's checksum does not match: it is damaged");
        // After the checksum: a damaged snapshot is reported as damaged, not as another configuration.
        var taken = snapshot.AsSpan(6, ConfigurationFingerprint.Length);
        if (taken.SequenceEqual(Fingerprint)) return (length, _ctx.Model);
        var takenHash = Convert.ToHexString(taken);
        if (_ctx.Options.Configurations?.Invoke(takenHash) is { } kept && taken.SequenceEqual(ConfigurationFingerprint.Of(kept)))
            return (length, new RoutingModel(kept));
        throw new SnapshotException($"the snapshot was taken under another configuration ({takenHash}), not known here");
    }
}
