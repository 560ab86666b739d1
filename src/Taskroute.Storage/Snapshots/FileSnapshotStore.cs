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
    private const string Temporary = ".tmp";

    public string Directory { get; } = directory;

    public void Save(long sequence, ReadOnlyMemory<byte> snapshot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, Name(sequence));
        var temporary = path + Temporary;
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(snapshot.Span);
                file.Flush(flushToDisk: true);
            }
            // The folder itself is not fsynced: a power cut may lose the rename, and recovery then starts
            // from the snapshot before, which is slower, never wrong.
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // A full disk left a file cut short (often empty) that nothing will read, holding space
            // the next snapshot needs.
            TryDelete(temporary);
            throw;
        }
        var held = List();
        for (var i = keep; i < held.Count; i++) TryDelete(held[i].Source);
        // Left behind by a crash mid-write.
        foreach (var stale in Leftovers())
            if (stale != temporary) TryDelete(stale);
    }

    /// <summary>
    /// Removes what writes that never finished left behind (a crash or a full disk during a
    /// snapshot's write): the temporary files <see cref="Save"/> writes, and nothing else in the
    /// folder. For a start, before any snapshot is written.
    /// </summary>
    /// <returns>The files removed, and those that could not be, with why.</returns>
    public (IReadOnlyList<string> Removed, IReadOnlyList<(string Path, string Why)> NotRemoved) RemoveLeftovers()
    {
        var removed = new List<string>();
        var notRemoved = new List<(string, string)>();
        foreach (var stale in Leftovers())
        {
            try
            {
                File.Delete(stale);
                removed.Add(stale);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                notRemoved.Add((stale, ex.Message));
            }
        }
        return (removed, notRemoved);
    }

    // Named as Save names its temporary files (the record's number, zero-padded), so that a file of
    // someone else's that happens to match the pattern is left alone.
    private IEnumerable<string> Leftovers()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.EnumerateFiles(Directory, Prefix + "*" + Suffix + Temporary).Where(path =>
        {
            var name = Path.GetFileName(path);
            var number = name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length - Temporary.Length);
            return number.Length == 19 && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        }).ToList();
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
