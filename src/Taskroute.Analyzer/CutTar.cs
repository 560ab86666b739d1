using System.Formats.Tar;

namespace Taskroute.Analyzer;

/// <summary>
/// A tar has no index: its entries are found by reading it from the start, each header followed by
/// its data. One cut short (a copy that stopped halfway) ends in the middle of a header or of an
/// entry's data, and <see cref="TarReader"/> throws there, so listing the whole archive first would
/// lose every entry. The entries whose header was read are kept, and the one the cut falls in is
/// read up to the cut, as a cut zip's are (see CutZip).
/// </summary>
internal static class CutTar
{
    /// <summary>A regular file in the tar, in stored order; <paramref name="Length"/> as its header gives it.</summary>
    public sealed record Entry(string Name, long Length);

    /// <summary>
    /// The regular files whose header is whole, in the order they are stored. <paramref name="cut"/>
    /// is true when the tar stopped before its end: the last of them was cut, or whatever followed it.
    /// </summary>
    public static List<Entry> Entries(Stream tar, out bool cut)
    {
        var entries = new List<Entry>();
        cut = false;
        using var reader = new TarReader(tar, leaveOpen: true);
        try
        {
            while (reader.GetNextEntry() is { } entry)
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile) entries.Add(new Entry(entry.Name, entry.Length));
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            // Moving past an entry reads its data: the cut shows there, or in the next header.
            cut = true;
        }
        return entries;
    }

    /// <summary>
    /// The entry's content, read from a fresh <paramref name="tar"/> up to where that stream stops;
    /// what stopped it short is told as the stream's damage. <paramref name="lastBeforeCut"/> says
    /// the tar was cut within or after this entry, so that entries after it were lost.
    /// </summary>
    public static Stream Open(Stream tar, Entry entry, string tarName, bool lastBeforeCut)
    {
        var reader = new TarReader(tar);
        try
        {
            while (reader.GetNextEntry() is { } found)
                if (found.Name == entry.Name && found.DataStream is { } data) return new Checked(data, entry.Length, tarName, lastBeforeCut, reader, tar);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            // Read a second time, the tar stops before the entry the first reading found.
        }
        reader.Dispose();
        tar.Dispose();
        throw new InvalidDataException($"{entry.Name} vanished from {tarName}");
    }

    // An entry's data cut short ends early (a .tar) or throws (a cut .tar.gz may): either way the
    // lines before the cut stand, and the cut is told.
    private sealed class Checked(Stream inner, long length, string tarName, bool lastBeforeCut, params IDisposable[] owned) : ReadOnlyStream, IReadDamage
    {
        private long _read;

        public string? Damage { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            try
            {
                var n = inner.Read(buffer);
                _read += n;
                if (n == 0 && buffer.Length > 0) End();
                return n;
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
            {
                End();
                return 0;
            }
        }

        private void End() => Damage ??= _read < length
            ? $"{tarName} stops inside this entry, after {_read:N0} of its {length:N0} bytes: it was cut short, and the entry is read up to the cut"
            : lastBeforeCut ? $"{tarName} was cut short after this entry: entries after it are lost" : null;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                foreach (var o in owned) o.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
