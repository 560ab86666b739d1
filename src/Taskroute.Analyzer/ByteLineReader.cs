using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>
/// Splits a stream into lines as UTF-8 bytes, reading it in large blocks into one reused buffer:
/// memory stays the same whatever the file's size, and line ends are found with a vectorized search
/// rather than by decoding every character. A line longer than <see cref="MaxLine"/> is cut there
/// (and counted) rather than grown without end.
/// </summary>
internal sealed class ByteLineReader
{
    /// <summary>The longest line handed out whole; the rest of a longer one is dropped.</summary>
    public const int MaxLine = 1 << 16;

    /// <summary>How much is read at a time unless told otherwise.</summary>
    public const int DefaultBlock = 1 << 20;

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private readonly int _block;
    private readonly Action<long>? _onRead;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _eof;
    private bool _skipping;

    public ByteLineReader(Stream stream, Action<long>? onRead = null, int block = DefaultBlock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(block, 1);
        _stream = stream;
        _onRead = onRead;
        _block = block;
        // Room for a whole block after the longest line that may still be waiting for its end.
        _buffer = new byte[Math.Max(block, MaxLine) + MaxLine];
    }

    /// <summary>Lines read so far.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Lines cut because they were longer than <see cref="MaxLine"/>.</summary>
    public long Overlong { get; private set; }

    /// <summary>Where in the stream the last line returned starts.</summary>
    public long LineOffset { get; private set; }

    /// <summary>The buffer the last line returned is in, and where in it the line starts.</summary>
    public byte[] Buffer => _buffer;

    public int LineStart { get; private set; }

    /// <summary>The stream's first bytes read, while the buffer still starts with them (through the first line at least); else empty.</summary>
    public ReadOnlySpan<byte> Head => _bufferOffset == 0 ? _buffer.AsSpan(0, _end) : default;

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// The next line without its end (<c>\n</c> or <c>\r\n</c>); valid until the next call. The last
    /// line counts even without a final newline.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                var from = _start;
                _start += nl + 1;
                if (_skipping)
                {
                    // The end of a line already handed out cut short.
                    _skipping = false;
                    continue;
                }
                if (nl > MaxLine)
                {
                    nl = MaxLine;
                    Overlong++;
                }
                line = Hand(from, nl, trim: true);
                return true;
            }
            if (_eof)
            {
                if (_start < _end && !_skipping)
                {
                    var from = _start;
                    _start = _end;
                    if (_end - from > MaxLine) Overlong++;
                    line = Hand(from, Math.Min(_end - from, MaxLine), trim: true);
                    return true;
                }
                line = default;
                return false;
            }
            if (_end - _start > MaxLine)
            {
                // No end within the longest line kept: hand out its head and drop the rest.
                var from = _start;
                _start = _end;
                _skipping = true;
                Overlong++;
                line = Hand(from, MaxLine, trim: false);
                return true;
            }
            Fill();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReadOnlySpan<byte> Hand(int from, int length, bool trim)
    {
        var line = _buffer.AsSpan(from, length);
        if (trim && line.Length > 0 && line[^1] == '\r') line = line[..^1];
        if (LineNumber == 0 && _bufferOffset + from == 0 && line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            // A byte order mark is no part of the first line.
            line = line[3..];
            from += 3;
        }
        LineNumber++;
        LineStart = from;
        LineOffset = _bufferOffset + from;
        return line;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        var want = Math.Min(_buffer.Length - _end, _block);
        var read = _stream.ReadAtLeast(_buffer.AsSpan(_end, want), want, throwOnEndOfStream: false);
        if (read <= 0)
        {
            _eof = true;
            return;
        }
        BytesRead += read;
        _end += read;
        _onRead?.Invoke(read);
    }
}
