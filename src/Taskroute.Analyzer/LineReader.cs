using System.Text;

namespace Taskroute.Analyzer;

/// <summary>
/// Reads a stream line by line into one reused buffer: memory stays the same whatever the file's
/// size. A line longer than the buffer is cut there (and counted) rather than grown without end.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private const int BufferChars = 1 << 16;
    private readonly StreamReader _reader;
    private readonly char[] _buffer = new char[BufferChars];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _skipping;

    /// <summary>Reads UTF-8 unless a byte order mark says otherwise, or <paramref name="encoding"/> when given.</summary>
    public LineReader(Stream stream, Encoding? encoding = null) =>
        _reader = new StreamReader(stream, encoding ?? new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

    /// <summary>Lines read so far.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Lines cut because they were longer than the buffer.</summary>
    public long Overlong { get; private set; }

    /// <summary>The next line without its end; valid until the next call.</summary>
    public bool TryRead(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            var nl = _buffer.AsSpan(_start, _end - _start).IndexOf('\n');
            if (nl >= 0)
            {
                var from = _start;
                _start += nl + 1;
                if (_skipping)
                {
                    _skipping = false;
                    continue;
                }
                line = Trim(_buffer.AsSpan(from, nl));
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_start < _end && !_skipping)
                {
                    line = Trim(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }
                line = default;
                return false;
            }
            if (_start == 0 && _end == _buffer.Length)
            {
                // A line fills the whole buffer: hand out what fits and drop the rest of it.
                line = _buffer;
                _start = _end = 0;
                _skipping = true;
                Overlong++;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        var read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0) _eof = true;
        else _end += read;
    }

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    public void Dispose() => _reader.Dispose();
}
