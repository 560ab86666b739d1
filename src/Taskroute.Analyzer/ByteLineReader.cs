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

    private const int BlockSize = 1 << 20;
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _eof;
    private bool _skipping;
    private bool _first = true;
    private readonly Action<long>? _onRead;

    public ByteLineReader(Stream stream, Action<long>? onRead = null, int blockSize = BlockSize)
    {
        _stream = stream;
        _onRead = onRead;
        _buffer = new byte[Math.Max(blockSize, MaxLine) + MaxLine];
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
                    _skipping = false;
                    continue;
                }
                if (nl > MaxLine)
                {
                    // The whole overlong line is in the buffer: hand out its head only.
                    nl = MaxLine;
                    Overlong++;
                }
                line = Trim(_buffer.AsSpan(from, nl));
                LineOffset = _bufferOffset + from;
                LineStart = from;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_start < _end && !_skipping)
                {
                    var from = _start;
                    var length = Math.Min(_end - _start, MaxLine);
                    _start = _end;
                    line = Trim(_buffer.AsSpan(from, length));
                    LineOffset = _bufferOffset + from;
                    LineStart = from;
                    LineNumber++;
                    return true;
                }
                line = default;
                return false;
            }
            if (_end - _start >= MaxLine)
            {
                // No end in sight within the longest line we keep: hand out its head, drop the rest.
                var from = _start;
                line = _buffer.AsSpan(from, MaxLine);
                LineOffset = _bufferOffset + from;
                LineStart = from;
                _start = _end;
                _skipping = true;
                Overlong++;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        var read = _stream.ReadAtLeast(_buffer.AsSpan(_end), Math.Min(_buffer.Length - _end, BlockSize / 2), throwOnEndOfStream: false);
        if (read <= 0)
        {
            _eof = true;
            return;
        }
        BytesRead += read;
        _end += read;
        _onRead?.Invoke(read);
        if (_first)
        {
            _first = false;
            // A byte order mark is no part of the first line.
            if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF) _start = 3;
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
}
