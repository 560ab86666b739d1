using System.Text;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// Lines split as bytes: line ends across reads, CRLF, no final newline, byte order marks, lines
/// longer than the buffer and bytes that are not ASCII, against a plain split of the same text.
/// </summary>
public sealed class ByteLineReaderTests
{
    private static List<(string Text, long Offset)> Lines(byte[] bytes, int block, int trickle = int.MaxValue)
    {
        var reader = new ByteLineReader(new TrickleStream(bytes, trickle), block: block);
        var lines = new List<(string, long)>();
        while (reader.TryRead(out var line)) lines.Add((Encoding.UTF8.GetString(line), reader.LineOffset));
        Assert.Equal(bytes.Length, reader.BytesRead);
        return lines;
    }

    // What a line reader should give: the text split at \n, a \r before it dropped, no empty last line.
    private static List<string> Expected(string text)
    {
        var parts = text.Split('\n').Select(p => p.EndsWith('\r') ? p[..^1] : p).ToList();
        if (text.EndsWith('\n')) parts.RemoveAt(parts.Count - 1);
        return parts;
    }

    private static string Sample(int lines)
    {
        var text = new StringBuilder();
        var random = new Random(7);
        for (var i = 0; i < lines; i++)
        {
            text.Append(i).Append(": ").Append('x', random.Next(0, 300));
            if (i % 5 == 0) text.Append(" agent Zoë ünïcode 中文");
            text.Append(i % 3 == 0 ? "\r\n" : "\n");
            if (i % 17 == 0) text.Append('\n');
        }
        return text.ToString();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(64, 64)]
    [InlineData(4096, 100)]
    [InlineData(1 << 20, int.MaxValue)]
    public void Lines_cut_at_any_read_boundary_come_out_whole(int block, int trickle)
    {
        var text = Sample(3000);
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = Lines(bytes, block, trickle);
        Assert.Equal(Expected(text), lines.Select(l => l.Text));
        // Each offset is where the line's bytes start in the stream.
        foreach (var (line, offset) in lines)
            Assert.Equal(line, Encoding.UTF8.GetString(bytes.AsSpan((int)offset, Encoding.UTF8.GetByteCount(line))));
    }

    [Fact]
    public void The_last_line_counts_without_a_final_newline()
    {
        Assert.Equal(["one", "two", "three"], Lines("one\r\ntwo\nthree"u8.ToArray(), 2).Select(l => l.Text));
        Assert.Equal(["one", ""], Lines("one\n\n"u8.ToArray(), 1).Select(l => l.Text));
        Assert.Empty(Lines([], 16));
    }

    [Fact]
    public void A_byte_order_mark_is_no_part_of_the_first_line()
    {
        var lines = Lines([0xEF, 0xBB, 0xBF, .. "first\nsecond\n"u8], 1);
        Assert.Equal(["first", "second"], lines.Select(l => l.Text));
        Assert.Equal(3, lines[0].Offset);
    }

    [Fact]
    public void A_line_longer_than_the_buffer_is_cut_and_the_next_is_whole()
    {
        foreach (var block in new[] { 1000, 1 << 20 })
        {
            var longLine = new string('a', ByteLineReader.MaxLine * 2 + 5);
            var reader = new ByteLineReader(new MemoryStream(Encoding.ASCII.GetBytes($"{longLine}\nnext\n{longLine}")), block: block);
            Assert.True(reader.TryRead(out var first));
            Assert.Equal(ByteLineReader.MaxLine, first.Length);
            Assert.True(reader.TryRead(out var next));
            Assert.Equal("next", Encoding.ASCII.GetString(next));
            Assert.True(reader.TryRead(out var last));
            Assert.Equal(ByteLineReader.MaxLine, last.Length);
            Assert.False(reader.TryRead(out _));
            Assert.Equal(2, reader.Overlong);
        }
    }

    [Fact]
    public void Bytes_that_are_not_utf8_reach_the_parser_as_replacement_characters()
    {
        var lines = Lines([.. "ok\n"u8, 0xFF, 0xC3, .. "x\nend"u8], 1);
        Assert.Equal(["ok", "\uFFFD\uFFFDx", "end"], lines.Select(l => l.Text));
    }

    /// <summary>A stream that hands out at most a few bytes per read, as a pipe or an archive may.</summary>
    internal sealed class TrickleStream(byte[] bytes, int most) : ReadOnlyStream
    {
        private int _at;

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, most), bytes.Length - _at);
            bytes.AsSpan(_at, n).CopyTo(buffer);
            _at += n;
            return n;
        }

        public override long Position { get => _at; set => throw new NotSupportedException(); }
    }
}
