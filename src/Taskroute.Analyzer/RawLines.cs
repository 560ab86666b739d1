using System.Runtime.CompilerServices;
using System.Text;

namespace Taskroute.Analyzer;

/// <summary>
/// Where an event's lines are: one range of consecutive lines in its source, and more ranges in the
/// rare case that lines further down join it (SendARMMsg's line joins the session message it
/// repeats). The text is put together only when asked for, as it always was: the lines joined by
/// <c>\n</c>, the first cut at <see cref="MaxChars"/> characters and later ones added while there is room.
/// A struct held in its event, so that an event is one object.
/// </summary>
internal struct RawLines
{
    public const int MaxChars = 700;

    // The store the lines are in, or once lines from further down have joined, the store and their ranges.
    private object? _where;
    private readonly long _start;
    private int _length;
    // The number of the last line, only compared with the next line's, in the low 22 bits (a
    // store also checks how far apart the lines are, so a number that wrapped cannot join far-off
    // lines), and the characters so far (at most MaxChars + 1) above them: one int, not six bytes
    // and padding, in every event.
    private int _lineAndChars;

    internal const int LineBits = 22;
    private const int LineMask = (1 << LineBits) - 1;

    private readonly int LastLine => _lineAndChars & LineMask;

    public RawLines(RawStore store, long position, int length, long lineNumber, int chars)
    {
        _where = store;
        _start = position;
        _length = length;
        _lineAndChars = Pack(lineNumber, Math.Min(chars, MaxChars));
    }

    /// <summary>The store the lines are in; null for an event whose text was kept as it was read.</summary>
    public readonly RawStore? Store => _where as RawStore ?? (_where as Scattered)?.Store;

    /// <summary>False for an event whose text was kept as it was read.</summary>
    public readonly bool IsKept => _where is not null;

    /// <summary>The length of the text so far, as the lines were counted when read.</summary>
    public readonly int Chars => (int)((uint)_lineAndChars >> LineBits);

    private static int Pack(long lineNumber, int chars) => (int)(((uint)chars << LineBits) | ((uint)lineNumber & LineMask));

    /// <summary>Adds a line of <paramref name="chars"/> characters; nothing once the text is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(long position, int length, long lineNumber, int chars)
    {
        var sofar = Chars;
        if (sofar >= MaxChars) return;
        var next = (int)((lineNumber - 1) & LineMask) == LastLine;
        _lineAndChars = Pack(lineNumber, sofar + 1 + Math.Min(chars, MaxChars - sofar));
        if (_where is RawStore store)
        {
            if (store.Follows(_start + _length, position, next))
            {
                _length = (int)(position + length - _start);
                return;
            }
            _where = new Scattered(store);
        }
        var more = ((Scattered)_where!).More;
        if (more.Count > 0 && more[^1] is var last && ((Scattered)_where).Store.Follows(last.End, position, next))
            more[^1] = (last.Start, position + length);
        else
            more.Add((position, position + length));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public readonly string Text()
    {
        if (_where is null) return "";
        var scattered = _where as Scattered;
        var store = scattered?.Store ?? (RawStore)_where;
        var text = new StringBuilder();
        var first = true;
        Add(text, store.Read(_start, _start + _length), ref first);
        if (scattered is not null)
            foreach (var (start, end) in scattered.More) Add(text, store.Read(start, end), ref first);
        return text.ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Add(StringBuilder text, byte[] bytes, ref bool first)
    {
        var rest = bytes.AsSpan();
        while (true)
        {
            var nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..nl];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.Length > ByteLineReader.MaxLine) line = line[..ByteLineReader.MaxLine];
            var chars = Encoding.UTF8.GetString(line);
            if (first)
            {
                text.Append(chars.Length > MaxChars ? chars[..MaxChars] : chars);
                first = false;
            }
            else if (text.Length < MaxChars)
            {
                var room = MaxChars - text.Length;
                text.Append('\n').Append(chars.Length > room ? chars[..room] : chars);
            }
            if (nl < 0) return;
            rest = rest[(nl + 1)..];
        }
    }

    private sealed class Scattered(RawStore store)
    {
        public RawStore Store { get; } = store;
        public List<(long Start, long End)> More { get; } = [];
    }
}
