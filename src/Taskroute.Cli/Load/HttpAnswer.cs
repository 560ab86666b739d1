using System.Buffers.Text;

namespace Taskroute.Cli.Load;

/// <summary>
/// One HTTP/1.1 answer read from the start of the bytes a connection received: its status, the
/// headers the load needs, and its length with its body (by Content-Length or chunked).
/// </summary>
internal readonly record struct HttpAnswer(int Status, int Length, Range Location, Range WebSocketAccept, bool Close)
{
    // Headers larger than this are not an answer from the server under test.
    private const int MaxHeaders = 64 * 1024;

    /// <summary>
    /// Reads one answer. False while the bytes hold only part of it; throws <see cref="FormatException"/>
    /// on bytes that are not HTTP/1.1.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out HttpAnswer answer)
    {
        answer = default;
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            if (data.Length > MaxHeaders) throw new FormatException($"no end of headers in {MaxHeaders} bytes");
            return false;
        }
        if (data.Length < 12 || !data.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(data.Slice(9, 3), out int status, out var digits) || digits != 3)
            throw new FormatException("not an HTTP/1.1 status line");
        long contentLength = -1;
        bool chunked = false, close = false;
        Range location = default, accept = default;
        var headersStart = data.IndexOf("\r\n"u8) + 2;
        var at = headersStart;
        while (at < end)
        {
            var lineLength = data[at..].IndexOf("\r\n"u8);
            var line = data.Slice(at, lineLength);
            var colon = line.IndexOf((byte)':');
            if (colon > 0)
            {
                var name = line[..colon];
                // Optional white space around a value is not part of it.
                var valueStart = colon + 1;
                var valueEnd = line.Length;
                while (valueStart < valueEnd && line[valueStart] is (byte)' ' or (byte)'\t') valueStart++;
                while (valueEnd > valueStart && line[valueEnd - 1] is (byte)' ' or (byte)'\t') valueEnd--;
                var value = line[valueStart..valueEnd];
                var valueRange = new Range(at + valueStart, at + valueEnd);
                if (Is(name, "content-length"u8))
                {
                    if (!Utf8Parser.TryParse(value, out contentLength, out _) || contentLength < 0) throw new FormatException("a Content-Length that is not a number");
                }
                else if (Is(name, "transfer-encoding"u8)) chunked = Contains(value, "chunked"u8);
                else if (Is(name, "connection"u8)) close = Contains(value, "close"u8);
                else if (Is(name, "location"u8)) location = valueRange;
                else if (Is(name, "sec-websocket-accept"u8)) accept = valueRange;
            }
            at += lineLength + 2;
        }
        var bodyStart = end + 4;
        int length;
        if (status is 101 or 204 or 304 || (status >= 100 && status < 200)) length = bodyStart;
        else if (chunked)
        {
            var chunksEnd = ChunksEnd(data[bodyStart..]);
            if (chunksEnd < 0) return false;
            length = bodyStart + chunksEnd;
        }
        else if (contentLength >= 0)
        {
            if (data.Length - bodyStart < contentLength) return false;
            length = bodyStart + (int)contentLength;
        }
        else throw new FormatException("an answer with neither Content-Length nor chunked encoding");
        answer = new HttpAnswer(status, length, location, accept, close);
        return true;
    }

    // The length of a whole chunked body (its last chunk and trailers included), or -1 while it is not all there.
    private static int ChunksEnd(ReadOnlySpan<byte> body)
    {
        var at = 0;
        while (true)
        {
            var lineEnd = body[at..].IndexOf("\r\n"u8);
            if (lineEnd < 0) return -1;
            var sizeText = body.Slice(at, lineEnd);
            var extension = sizeText.IndexOf((byte)';');
            if (extension >= 0) sizeText = sizeText[..extension];
            if (!Utf8Parser.TryParse(sizeText, out int size, out _, 'X') || size < 0) throw new FormatException("a chunk size that is not hexadecimal");
            at += lineEnd + 2;
            if (size == 0)
            {
                // Trailers, if any, end with an empty line.
                var trailersEnd = body[at..].StartsWith("\r\n"u8) ? 0 : body[at..].IndexOf("\r\n\r\n"u8);
                if (trailersEnd < 0) return -1;
                return at + trailersEnd + (trailersEnd == 0 ? 2 : 4);
            }
            if (body.Length - at < (long)size + 2) return -1;
            at += size + 2;
        }
    }

    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> lowerCase)
    {
        if (name.Length != lowerCase.Length) return false;
        for (var i = 0; i < name.Length; i++)
        {
            // Letters, digits and '-' all have 0x20 set in lower case.
            if ((name[i] | 0x20) != lowerCase[i]) return false;
        }
        return true;
    }

    private static bool Contains(ReadOnlySpan<byte> value, ReadOnlySpan<byte> lowerCase)
    {
        for (var i = 0; i + lowerCase.Length <= value.Length; i++)
        {
            if (Is(value.Slice(i, lowerCase.Length), lowerCase)) return true;
        }
        return false;
    }
}
