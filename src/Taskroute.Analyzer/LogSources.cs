using System.IO.Compression;

namespace Taskroute.Analyzer;

/// <summary>
/// Turns the paths an engineer gives into log sources: files, folders (recursively) and archives
/// (.zip, .gz, .tar, .tar.gz, as <c>file get activelog ... compress</c> or a zip tool makes them),
/// told apart by their first bytes rather than their names.
/// </summary>
public static class LogSources
{
    /// <summary>
    /// Every log under the paths, in path order. A path that does not exist, or a file that cannot be
    /// opened, is returned as a source with its <see cref="LogSource.Problem"/>, and the rest are read;
    /// a file that is neither a log nor an archive is still returned, as <see cref="LogComponent.Unknown"/>.
    /// </summary>
    public static IReadOnlyList<LogSource> Open(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sources = new List<LogSource>();
        // A file reached twice (named twice, under two folders given, or through a link) is read
        // once: read twice, every event would count double and look like a retry.
        var files = new HashSet<string>(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in FilesUnder(path, folders))
                    if (files.Add(RealPath(file))) AddFile(sources, file, listed: true);
            }
            else if (File.Exists(path))
            {
                if (files.Add(RealPath(path))) AddFile(sources, path, listed: false);
            }
            else
            {
                sources.Add(LogSource.Unreadable(path, MissingProblem));
            }
        }
        return sources;
    }

    // Every file under a folder, in path order, each folder once: a link back up the tree (a
    // cycle) or to a folder already read is not followed again.
    private static List<string> FilesUnder(string root, HashSet<string> visited)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.TryPop(out var folder))
        {
            if (!visited.Add(RealPath(folder))) continue;
            try
            {
                found.AddRange(Directory.EnumerateFiles(folder).Where(f => !IsTaskrouteLevels(f)));
                foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal).Reverse()) pending.Push(sub);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A folder that cannot be listed holds nothing to read; its files' absence shows in the report.
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    // Taskroute keeps the levels set at run time in levels.json beside its component logs' folders:
    // reading its logs folder, that file is part of the folder, not a log the engineer failed to give
    // in a known shape. Named alone, it is read (and reported unknown) like any file.
    private static bool IsTaskrouteLevels(string file)
    {
        if (!string.Equals(Path.GetFileName(file), "levels.json", StringComparison.Ordinal)) return false;
        try
        {
            using var stream = File.OpenRead(file);
            int b;
            while ((b = stream.ReadByte()) is ' ' or '\t' or '\r' or '\n') { }
            return b is '{' or -1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // The path with every link on it resolved, so one file or folder reached two ways is known as one.
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var info = Directory.Exists(full) ? (FileSystemInfo)new DirectoryInfo(full) : new FileInfo(full);
            if (info.ResolveLinkTarget(returnFinalTarget: true) is { } target) full = target.FullName;
            var parent = Path.GetDirectoryName(full);
            return parent is null || parent == full ? full : Path.Combine(RealPath(parent), Path.GetFileName(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return full;
        }
    }

    /// <summary>The problem of a path given that names no file or folder.</summary>
    public const string MissingProblem = "no such file or folder";

    private static void AddFile(List<LogSource> sources, string path, bool listed)
    {
        Stream Open() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        try
        {
            AddStream(sources, path, Open, new FileInfo(path).Length, depth: 0);
        }
        catch (FileNotFoundException) when (listed)
        {
            // Listed by its folder, yet not there by that name: .NET gives a name that is not UTF-8
            // with its bytes replaced, and that name opens nothing.
            sources.Add(LogSource.Unreadable(path, "its folder lists it, but it cannot be opened by that name (a file name not in UTF-8?): rename it to read it"));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            sources.Add(LogSource.Unreadable(path, e.Message));
        }
    }

    private static void AddStream(List<LogSource> sources, string name, Func<Stream> open, long? length, int depth)
    {
        var kind = depth > 3 ? ArchiveKind.None : Sniff(open);
        switch (kind)
        {
            case ArchiveKind.Zip:
                AddZip(sources, name, open, depth);
                break;
            case ArchiveKind.GZip:
                var size = TrailerSize(open, out var tooShort);
                // Named as the file is, .gz and all: a timeline's "source:line" then names a file that is there.
                AddStream(sources, name, () => new CheckedGZipStream(open, size, tooShort), length, depth + 1);
                break;
            case ArchiveKind.Tar:
                AddTar(sources, name, open, depth);
                break;
            case ArchiveKind.OwnHtml:
                sources.Add(LogSource.PassedOver(name, "HTML report"));
                break;
            case ArchiveKind.OwnJson:
                sources.Add(LogSource.PassedOver(name, "JSON output"));
                break;
            default:
                sources.Add(depth == 0 ? LogSource.FromPath(name, open, length) : LogSource.FromStream(name, open, length));
                break;
        }
    }

    private static void AddZip(List<LogSource> sources, string name, Func<Stream> open, int depth)
    {
        using var stream = open();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(Seekable(stream), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            AddCutZip(sources, name, open, depth);
            return;
        }
        using var _ = zip;
        foreach (var entry in zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            if (entry.FullName.EndsWith('/') || entry.Length == 0 && entry.CompressedLength == 0) continue;
            var entryName = entry.FullName;
            Stream OpenEntry()
            {
                var archive = new ZipArchive(Seekable(open()), ZipArchiveMode.Read);
                var e = archive.GetEntry(entryName) ?? throw new InvalidDataException($"{entryName} vanished from {name}");
                return new OwningStream(e.Open(), archive);
            }
            AddStream(sources, $"{name}!{entryName}", OpenEntry, entry.CompressedLength, depth + 1);
        }
    }

    // A zip without its central directory: its entries by their local headers (see CutZip).
    private static void AddCutZip(List<LogSource> sources, string name, Func<Stream> open, int depth)
    {
        List<CutZip.Entry> entries;
        using (var stream = Seekable(open())) entries = CutZip.Entries(stream);
        if (entries.Count == 0)
        {
            sources.Add(LogSource.Unreadable(name, "a zip file without its end (the central directory) and no whole entry before the cut"));
            return;
        }
        var last = entries[^1];
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            AddStream(sources, $"{name}!{entry.Name}", () => CutZip.Open(Seekable(open()), entry, name, entry == last), entry.CompressedLength, depth + 1);
    }

    // A tar cut short keeps the entries before the cut, and the one it falls in up to it (see CutTar).
    private static void AddTar(List<LogSource> sources, string name, Func<Stream> open, int depth)
    {
        List<CutTar.Entry> entries;
        bool cut;
        using (var stream = open()) entries = CutTar.Entries(stream, out cut);
        if (entries.Count == 0 && cut)
        {
            sources.Add(LogSource.Unreadable(name, "a tar file cut short before the end of its first entry's header"));
            return;
        }
        foreach (var entry in entries)
        {
            var lastBeforeCut = cut && entry == entries[^1];
            // A tar has no index: opening an entry reads the archive up to it.
            AddStream(sources, $"{name}!{entry.Name}", () => CutTar.Open(open(), entry, name, lastBeforeCut), entry.Length, depth + 1);
        }
    }

    // Besides archives, the analyzer's own outputs: a report written into the logs' folder and then
    // read with them would bring back every line it quotes, each event twice.
    private enum ArchiveKind { None, Zip, GZip, Tar, OwnHtml, OwnJson }

    private static ArchiveKind Sniff(Func<Stream> open)
    {
        using var stream = open();
        Span<byte> head = stackalloc byte[512];
        var read = 0;
        while (read < head.Length)
        {
            var n = stream.Read(head[read..]);
            if (n <= 0) break;
            read += n;
        }
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return ArchiveKind.Zip;
        if (read >= 2 && head[0] == 0x1f && head[1] == 0x8b) return ArchiveKind.GZip;
        if (read >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8)) return ArchiveKind.Tar;
        return OwnOutput(head[..read]);
    }

    // Recognised by what the CLI writes first: the HTML report's title, the JSON's first field.
    private static ArchiveKind OwnOutput(ReadOnlySpan<byte> head)
    {
        if (head is [0xEF, 0xBB, 0xBF, ..]) head = head[3..];
        head = head.TrimStart(" \t\r\n"u8);
        if (head.StartsWith("<!doctype html>"u8) && head.IndexOf("<title>Taskroute log analysis</title>"u8) >= 0) return ArchiveKind.OwnHtml;
        if (head.StartsWith("{"u8) && head[1..].TrimStart(" \t\r\n"u8).StartsWith("\"icmOffset\":"u8)) return ArchiveKind.OwnJson;
        return ArchiveKind.None;
    }

    // Zip needs to seek; a compressed or archived stream cannot, so it is copied to memory first.
    private static Stream Seekable(Stream stream)
    {
        if (stream.CanSeek) return stream;
        var copy = new MemoryStream();
        using (stream) stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    // A gzip file ends with the size of what it holds (mod 2^32). Read where the file can seek to its
    // end; null where it cannot (a .gz inside an archive, whose reading checks itself).
    // A file too short for a gzip file's header and end (18 bytes) says so in tooShort.
    private static uint? TrailerSize(Func<Stream> open, out long? tooShort)
    {
        using var stream = open();
        tooShort = stream.CanSeek && stream.Length < 18 ? stream.Length : null;
        if (!stream.CanSeek || stream.Length < 18) return null;
        stream.Seek(-4, SeekOrigin.End);
        Span<byte> size = stackalloc byte[4];
        stream.ReadExactly(size);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(size);
    }

    /// <summary>
    /// A gzip file cut short (a copy stopped halfway) decompresses without complaint up to where it
    /// stops: its end is checked against the size its trailer gives, so the report can say so, with
    /// the lines before the cut still read. Data damaged further in ends the log there, told the same
    /// way, rather than losing the lines before the damage.
    /// </summary>
    private sealed class CheckedGZipStream(Func<Stream> open, uint? size, long? tooShort) : ReadOnlyStream, IReadDamage
    {
        private const int MaxSalvage = 16 << 20;
        private readonly GZipStream inner = new(open(), CompressionMode.Decompress);
        private uint _read;
        private long _total;
        private bool _broken;
        private byte[]? _salvaged;
        private int _served;

        public string? Damage { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            if (_broken)
            {
                var left = (_salvaged?.Length ?? 0) - _served;
                if (left <= 0) return 0;
                var take = Math.Min(left, buffer.Length);
                _salvaged.AsSpan(_served, take).CopyTo(buffer);
                _served += take;
                return take;
            }
            int n;
            try
            {
                n = inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                _broken = true;
                _salvaged = Salvage();
                Damage = $"the gzip data is damaged after {_total + _salvaged.Length:N0} bytes of log ({e.Message.TrimEnd('.')}): read up to there";
                return Read(buffer);
            }
            _read = unchecked(_read + (uint)n);
            _total += n;
            if (n == 0 && buffer.Length > 0 && tooShort is { } bytes)
                Damage = $"only {bytes:N0} bytes: too short for a gzip file, whose header and end alone take 18";
            else if (n == 0 && buffer.Length > 0 && size is { } expected && _read != expected)
                Damage = $"the gzip file stops after {_read:N0} bytes of log, not the size its last bytes give: it was cut short (or is several gzip files joined)";
            return n;
        }

        // The read that met the damage threw away what it had decompressed before it (the rest of a
        // whole gzip member, when garbage follows it): read again to there, then a byte at a time up
        // to the damage, so that no line before it is lost.
        private byte[] Salvage()
        {
            var kept = new MemoryStream();
            try
            {
                using var again = new GZipStream(open(), CompressionMode.Decompress);
                var scratch = new byte[64 * 1024];
                for (var skip = _total; skip > 0;)
                {
                    var n = again.Read(scratch, 0, (int)Math.Min(skip, scratch.Length));
                    if (n <= 0) return [];
                    skip -= n;
                }
                for (int b; kept.Length < MaxSalvage && (b = again.ReadByte()) >= 0;) kept.WriteByte((byte)b);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // The damage, as expected: what came before it is kept.
            }
            return kept.ToArray();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>A stream that disposes what it was opened through (the archive, the file) along with itself.</summary>
    private sealed class OwningStream(Stream inner, params IDisposable[] owned) : ReadOnlyStream
    {
        public override int Read(Span<byte> buffer) => inner.Read(buffer);

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
