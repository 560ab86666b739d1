namespace Taskroute.Analyzer;

/// <summary>
/// Tells UTF-16 text without a byte order mark (some Windows tools write it so) from UTF-8: ASCII log
/// text as UTF-16LE has a zero in every other byte, which UTF-8 text never has.
/// </summary>
internal static class Utf16
{
    /// <summary>How much of the start is looked at.</summary>
    public const int Sniff = 512;

    /// <summary>
    /// True when <paramref name="head"/> (a text's first bytes) looks like UTF-16LE without a mark:
    /// every odd byte zero and nearly every even one not, over enough bytes to tell.
    /// </summary>
    public static bool IsBomlessLittleEndian(ReadOnlySpan<byte> head)
    {
        if (head.Length > Sniff) head = head[..Sniff];
        if (head.Length < 8) return false;
        var letters = 0;
        for (var i = 0; i + 1 < head.Length; i += 2)
        {
            if (head[i + 1] != 0) return false;
            if (head[i] != 0) letters++;
        }
        return letters * 10 >= head.Length / 2 * 9;
    }

    /// <summary>A stream that gives <paramref name="head"/> (already read from <paramref name="rest"/>) before the rest.</summary>
    public sealed class Prefixed(byte[] head, int length, Stream rest) : ReadOnlyStream
    {
        private int _at;

        public override int Read(Span<byte> buffer)
        {
            if (_at >= length) return rest.Read(buffer);
            var n = Math.Min(buffer.Length, length - _at);
            head.AsSpan(_at, n).CopyTo(buffer);
            _at += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }
    }
}
