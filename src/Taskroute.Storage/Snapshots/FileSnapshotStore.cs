using System.Globalization;

namespace Taskroute.Storage.Snapshots;

/// <summary>
/// Snapshots as files in a folder of the data directory, <c>snapshot-&lt;record&gt;.trs</c>. Each is
/// written to a temporary name, flushed to disk and renamed, so a crash leaves either the whole file
/// or none. Files rather than rows in the SQLite journal: a snapshot of several megabytes written in
/// the journal's database would hold its only write lock, and every acknowledgement with it.
/// </summary>
public sealed class FileSnapshotStore(string directory, int keep = 2) : ISnapshotStore
{
    private const string Prefix = "snapshot-";
    private const string Suffix = ".trs";

    public string Directory { get; } = directory;

    public void Save(long sequence, ReadOnlyMemory<byte> snapshot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, Name(sequence));
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(snapshot.Span);
            file.Flush(flushToDisk: true);
        }
        // The folder itself is not fsynced: a power cut may lose the rename, and recovery then starts
        // from the snapshot before, which is slower, never wrong.
        File.Move(temporary, path, overwrite: true);
        var held = List();
        for (var i = keep; i < held.Count; i++) TryDelete(held[i].Source);
        // Left behind by a crash mid-write.
        foreach (var stale in System.IO.Directory.EnumerateFiles(Directory, Prefix + "*" + Suffix + ".tmp"))
            if (stale != temporary) TryDelete(stale);
    }

    public IReadOnlyList<StoredSnapshot> List()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        var found = new List<StoredSnapshot>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, Prefix + "*" + Suffix))
        {
            var name = Path.GetFileName(path);
            if (!long.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)) continue;
            found.Add(new StoredSnapshot(sequence, path, () => File.ReadAllBytes(path)));
        }
        found.Sort((a, b) => b.Sequence.CompareTo(a.Sequence));
        return found;
    }

    public void Delete(long sequence) => TryDelete(Path.Combine(Directory, Name(sequence)));

    // Zero-padded, so the files sort by record in a listing too.
    private static string Name(long sequence) => Prefix + sequence.ToString("D19", CultureInfo.InvariantCulture) + Suffix;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another try comes with the next snapshot.
        }
    }
}
