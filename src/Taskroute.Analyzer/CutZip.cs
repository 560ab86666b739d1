using System.Buffers.Binary;
using System.IO.Compression;

namespace Taskroute.Analyzer;

/// <summary>
/// A zip whose end is missing (a copy that stopped halfway) has no central directory, the index
/// <see cref="ZipArchive"/> reads first, and so nothing of it could be read. Its entries are still
/// there, each behind a local header giving its name, method and, unless streamed, its size: they
/// are found by walking those headers from the start, and each is read until its data stops.
/// </summary>
internal static class CutZip
{
    private const uint LocalHeader = 0x04034b50;
    private const int FixedHeader = 30;
    private const ushort Stored = 0, Deflated = 8;
    private const ushort SizesFollowData = 1 << 3;

    /// <summary>An entry found behind its local header: where its data begins, and how long it is when the header says.</summary>
    public sealed record Entry(string Name, long DataOffset, long? CompressedLength, ushort Method);

    /// <summary>The entries whose header is whole, in the order they are stored.</summary>
    public static List<Entry> Entries(Stream zip)
    {
        var entries = new List<Entry>();
        var header = new byte[FixedHeader];
        long at = 0;
        while (true)
        {
            zip.Position = at;
            if (!ReadFully(zip, header) || BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalHeader) break;
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6));
            var method = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(18));
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
            var name = new byte[nameLength];
            if (!ReadFully(zip, name)) break;
            var data = at + FixedHeader + nameLength + extraLength;
            if (data > zip.Length) break;
            var known = (flags & SizesFollowData) == 0 && size != uint.MaxValue;
            var text = System.Text.Encoding.UTF8.GetString(name);
            if (method is Stored or Deflated && !text.EndsWith('/')) entries.Add(new Entry(text, data, known ? size : null, method));
            if (!known)
            {
                // A streamed entry's size comes after its data: the next header is found by its signature.
                var next = Find(zip, data);
                if (next < 0) break;
                at = next;
                continue;
            }
            at = data + size;
        }
        return entries;
    }

    /// <summary>
    /// The entry's content, up to where the file stops; what stopped it short is told as the stream's
    /// damage. The last entry found (<paramref name="last"/>) tells that whatever followed it was lost.
    /// </summary>
    public static Stream Open(Stream zip, Entry entry, string zipName, bool last)
    {
        zip.Position = entry.DataOffset;
        var available = zip.Length - entry.DataOffset;
        var length = entry.CompressedLength is { } l ? Math.Min(l, available) : available;
        Stream data = new Window(zip, length);
        if (entry.Method == Deflated) data = new DeflateStream(data, CompressionMode.Decompress);
        var cut = entry.CompressedLength is { } whole && whole > available;
        return new Checked(data, cut ? $"{zipName} stops inside this entry: it was cut short, and the entry is read up to the cut"
            : last ? $"{zipName} was cut short after this entry (its end, the central directory, is missing): entries after it are lost" : null);
    }

    private static long Find(Stream zip, long from)
    {
        var buffer = new byte[64 * 1024];
        for (var at = from; at < zip.Length; at += buffer.Length - 3)
        {
            zip.Position = at;
            var n = zip.Read(buffer);
            if (n < 4) return -1;
            for (var i = 0; i + 4 <= n; i++)
                if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(i)) == LocalHeader) return at + i;
        }
        return -1;
    }

    private static bool ReadFully(Stream stream, byte[] buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;

    /// <summary>A stretch of the zip, from where it stands.</summary>
    private sealed class Window(Stream inner, long length) : ReadOnlyStream
    {
        private long _left = length;

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0) return 0;
            var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    // A deflate stream cut short ends early or throws: either way the lines before the cut stand, and the cut is told.
    private sealed class Checked(Stream inner, string? cut) : ReadOnlyStream, IReadDamage
    {
        public string? Damage { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            try
            {
                var n = inner.Read(buffer);
                if (n == 0 && buffer.Length > 0) Damage ??= cut;
                return n;
            }
            catch (InvalidDataException)
            {
                Damage = cut ?? "the entry's compressed data is damaged; it is read up to the damage";
                return 0;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
