using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>The reader of one source's lines, which keeps its counts and the events it found.</summary>
internal abstract class LogParser(LogSource source)
{
    private const int MaxRaw = RawLines.MaxChars;

    protected LogSource Source { get; } = source;
    protected StringPool Strings { get; } = new();
    public List<LogEvent> Events { get; private set; } = [];
    public virtual long Used => _used;
    public virtual long Skipped => _skipped;
    public virtual long Read => _read;
    private long _used, _skipped, _read;

    /// <summary>Events found and not yet taken.</summary>
    public virtual int Held => Events.Count;

    private RawStore? _store;
    private byte[]? _lineBuffer;
    private int _lineStart;
    private int _lineBytes;
    private long _lineOffset;
    private long _lineNumber;
    private int _lineChars;

    /// <summary>Keep events' lines as positions in <paramref name="store"/> rather than as text.</summary>
    public virtual void KeepLinesIn(RawStore? store)
    {
        _store = store;
        if (store is not null) store.Name = Source.Name;
    }

    /// <summary>A line read as bytes: <paramref name="line"/> is its text, <paramref name="buffer"/> from <paramref name="start"/> its bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public virtual void Feed(ReadOnlySpan<char> line, long number, byte[] buffer, int start, int length, long offset)
    {
        _lineBuffer = buffer;
        _lineStart = start;
        _lineBytes = length;
        _lineOffset = offset;
        _lineNumber = number;
        _lineChars = line.Length;
        Feed(line, number);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public virtual void Feed(ReadOnlySpan<char> line, long number)
    {
        _read++;
        if (line.IsWhiteSpace()) return;
        if (OnLine(line, number)) _used++;
        else _skipped++;
    }

    /// <summary>True when the line was used.</summary>
    protected abstract bool OnLine(ReadOnlySpan<char> line, long number);

    public virtual void End() { }

    /// <summary>
    /// Hands over the events found so far but the last <paramref name="keep"/>, which later lines
    /// may still complete (a dump's fields, a message's second line); they stay for the next time.
    /// </summary>
    public virtual List<LogEvent> TakeEvents(int keep)
    {
        var all = Events;
        if (all.Count <= keep) return [];
        var rest = all.GetRange(all.Count - keep, keep);
        all.RemoveRange(all.Count - keep, keep);
        Events = rest;
        return all;
    }

    public virtual DateOnly? Date => null;
    public virtual string? DateFrom => null;

    // Events' lines are the current line's: with a store, only where it is is kept.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected LogEvent New(LogComponent component, long number, string message, ReadOnlySpan<char> line)
    {
        var e = _store is not null && _lineNumber == number
            ? new LogEvent(component, number, message, new RawLines(_store, Position(), _lineBytes, number, _lineChars))
            : new LogEvent(component, Source.Name, number, message, line.Length > MaxRaw ? new string(line[..MaxRaw]) : new string(line));
        Events.Add(e);
        return e;
    }

    private long Position() => _store!.Add(_lineBuffer.AsSpan(_lineStart, _lineBytes), _lineOffset);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void Append(LogEvent e, ReadOnlySpan<char> line)
    {
        if (e.Lines.IsKept)
        {
            if (e.Lines.Chars < RawLines.MaxChars) e.Lines.Append(Position(), _lineBytes, _lineNumber, _lineChars);
            return;
        }
        if (e.Raw.Length >= MaxRaw) return;
        var room = MaxRaw - e.Raw.Length;
        e.Raw = string.Concat(e.Raw, "\n", line.Length > room ? line[..room] : line);
    }
}
