using System.Globalization;
using System.Text;

namespace Taskroute.Logs;

/// <summary>
/// One component's current file: lines are assembled straight into a reused byte buffer, which goes
/// to the file when it fills or on flush. Files are <c>&lt;name&gt;.&lt;yyyy-MM-dd&gt;.&lt;n&gt;.log</c>; an entry
/// starts a new file when the local date changes or the current one has passed the size limit.
/// </summary>
internal sealed class LogFile : IDisposable
{
    // Longer free text is cut, so that one field cannot outgrow the buffer.
    private const int MaxTextChars = 2048;
    private const int BufferSize = 64 * 1024;

    private readonly string _folder;
    private readonly string _name;
    private readonly long _limit;
    private readonly bool _dated;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _length;
    private FileStream? _stream;
    private long _written;
    // Up to here the current file's pages have gone to disk and out of the page cache.
    private long _released;
    private long _day = long.MinValue;
    private int _index;

    private readonly int _maxFiles;

    public LogFile(string folder, string name, long limit, bool dated, int maxFiles = int.MaxValue)
    {
        _maxFiles = Math.Max(1, maxFiles);
        _folder = folder;
        _name = name;
        _limit = Math.Max(1, limit);
        _dated = dated;
    }

    /// <summary>Cisco Log sequence numbers, one per facility (CCP components only).</summary>
    public int[] FacilitySequence { get; } = new int[Enum.GetValues<CiscoFacility>().Length];

    /// <summary>Finesse's line counter.</summary>
    public long LineSequence { get; set; }

    public string? CurrentPath => _stream?.Name;

    /// <summary>Makes sure the next entry goes to the right file: the event's date, below the size limit.</summary>
    public void Begin(LogClock clock)
    {
        if (clock.Day != _day) Open(clock, nextIndex: false);
        else if (_written + _length >= _limit) Open(clock, nextIndex: true);
    }

    public LogFile Bytes(ReadOnlySpan<byte> text)
    {
        Room(text.Length);
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
        return this;
    }

    public LogFile Char(char c)
    {
        Room(1);
        _buffer[_length++] = (byte)c;
        return this;
    }

    public LogFile Line()
    {
        Room(1);
        _buffer[_length++] = (byte)'\n';
        return this;
    }

    public LogFile Text(string? text)
    {
        if (string.IsNullOrEmpty(text)) return this;
        var span = text.AsSpan(0, Math.Min(text.Length, MaxTextChars));
        Room(span.Length * 3);
        var n = Encoding.UTF8.GetBytes(span, _buffer.AsSpan(_length));
        // A line break inside a value would start a line a reader cannot place.
        foreach (ref var b in _buffer.AsSpan(_length, n))
            if (b is (byte)'\n' or (byte)'\r') b = (byte)' ';
        _length += n;
        return this;
    }

    public LogFile Int(long value)
    {
        Room(20);
        if (value < 0)
        {
            if (value == long.MinValue)
            {
                value.TryFormat(_buffer.AsSpan(_length), out var n, default, CultureInfo.InvariantCulture);
                _length += n;
                return this;
            }
            _buffer[_length++] = (byte)'-';
            value = -value;
        }
        _length += Digits((ulong)value, 0, _buffer.AsSpan(_length));
        return this;
    }

    /// <summary>Zero-padded decimal, as Cisco Log sequence numbers are written.</summary>
    public LogFile Padded(long value, int digits)
    {
        Room(20);
        _length += Digits((ulong)Math.Max(0, value), digits, _buffer.AsSpan(_length));
        return this;
    }

    // Numbers are written by hand: they are most of a line's fields, and the general formatter's
    // culture and format handling cost more than the digits.
    private static int Digits(ulong value, int minimum, Span<byte> into)
    {
        var count = 1;
        for (var v = value / 10; v != 0; v /= 10) count++;
        if (count < minimum) count = minimum;
        for (var i = count - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
        return count;
    }

    /// <summary>Lower-case hexadecimal, eight digits: the MR PIM's <c>Hex 00001434</c>.</summary>
    public LogFile Hex8(int value)
    {
        Room(8);
        HexDigits((uint)value, 8, _buffer.AsSpan(_length));
        _length += 8;
        return this;
    }

    /// <summary>Lower-case hexadecimal, as short as it goes: ctisvr's <c>InvokeID:0x8a88</c>.</summary>
    public LogFile Hex(int value)
    {
        Room(8);
        var count = 1;
        for (var v = (uint)value >> 4; v != 0; v >>= 4) count++;
        HexDigits((uint)value, count, _buffer.AsSpan(_length));
        _length += count;
        return this;
    }

    private static void HexDigits(uint value, int count, Span<byte> into)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            into[i] = (byte)"0123456789abcdef"[(int)(value & 0xf)];
            value >>= 4;
        }
    }

    public LogFile Guid(Guid value, bool upperHex = false)
    {
        Room(36);
        value.TryFormat(_buffer.AsSpan(_length), out var n, upperHex ? "N" : "D");
        if (upperHex)
        {
            foreach (ref var b in _buffer.AsSpan(_length, n))
                if (b is >= (byte)'a' and <= (byte)'f') b -= 32;
        }
        _length += n;
        return this;
    }

    /// <summary>Sends the buffered lines to the file and the file to the disk cache.</summary>
    public void Flush()
    {
        Spill();
        _stream?.Flush();
    }

    public void Dispose()
    {
        Flush();
        _stream?.Dispose();
        _stream = null;
    }

    private void Room(int bytes)
    {
        if (_length + bytes > _buffer.Length) Spill();
    }

    private void Spill()
    {
        if (_length == 0 || _stream is null) return;
        _stream.Write(_buffer, 0, _length);
        _written += _length;
        _length = 0;
        if (_written - _released >= ReleaseStep) Release();
    }

    // Large enough that the waits for the disk are few, small enough that the pages taken for one
    // stretch are still warm when the next one takes them again.
    private const long ReleaseStep = 4L * 1024 * 1024;

    private void Release()
    {
        if (_stream is null) return;
        PageCache.Release(_stream.SafeFileHandle, _released, _written - _released);
        _released = _written;
    }

    private void Open(LogClock clock, bool nextIndex)
    {
        Spill();
        Release();
        _stream?.Dispose();
        _stream = null;
        var date = clock.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (clock.Day != _day)
        {
            // After a restart, carry on in the day's last file.
            _index = LastIndex(date);
            if (_index == 0) _index = 1;
            _day = clock.Day;
        }
        else if (nextIndex) _index++;

        PrivateFiles.CreateDirectory(_folder);
        while (true)
        {
            var path = Path.Combine(_folder, $"{_name}.{date}.{_index}.log");
            var stream = new FileStream(path, PrivateFiles.Options(FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0));
            if (stream.Length >= _limit) { stream.Dispose(); _index++; continue; }
            _stream = stream;
            _written = stream.Length;
            _released = _written;
            break;
        }
        if (_written == 0 && _dated) Text(clock.Header()).Line();
        Prune();
    }

    // Keeps the newest files, by date then number, and deletes the rest; a file another process
    // holds open is left for the next time.
    private void Prune()
    {
        var files = new List<(string Date, int Index, string Path)>();
        var prefix = _name + ".";
        foreach (var path in System.IO.Directory.EnumerateFiles(_folder, prefix + "*.log"))
        {
            var parts = Path.GetFileNameWithoutExtension(path)[prefix.Length..].Split('.');
            if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) files.Add((parts[0], n, path));
        }
        if (files.Count <= _maxFiles) return;
        files.Sort((a, b) => string.CompareOrdinal(a.Date, b.Date) is var c and not 0 ? c : a.Index.CompareTo(b.Index));
        foreach (var (_, _, path) in files.Take(files.Count - _maxFiles))
        {
            if (path == _stream?.Name) continue;
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private int LastIndex(string date)
    {
        if (!System.IO.Directory.Exists(_folder)) return 0;
        var prefix = $"{_name}.{date}.";
        var last = 0;
        foreach (var path in System.IO.Directory.EnumerateFiles(_folder, prefix + "*.log"))
        {
            var middle = Path.GetFileName(path.AsSpan())[prefix.Length..^4];
            if (int.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > last) last = n;
        }
        return last;
    }
}
