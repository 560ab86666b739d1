using System.Runtime.CompilerServices;
using System.Text;

namespace Taskroute.Analyzer;

/// <summary>
/// Reads one source's events a chunk at a time: an analysis of logs too large to hold takes each
/// source's events as it needs them, and one that fits reads each source whole in one chunk.
/// Lines are split as bytes and decoded one at a time into one reused buffer: nothing is kept of a
/// line the parser does not turn into an event.
/// </summary>
internal sealed class SourceReader
{
    // Events a chunk leaves with the parser: later lines may still complete them (a dump's fields,
    // a SendARMMsg line naming an earlier message's InvokeID).
    private const int Unfinished = 256;

    private readonly LogSource _source;
    private readonly Action<long> _onBytes;
    private readonly LogParser _parser;
    private readonly Dictionary<string, int> _types = new(StringComparer.Ordinal);
    private Stream? _stream;
    private ByteLineReader? _reader;
    private long _linesCut;
    private readonly int _block;
    // Lines are decoded into a buffer of the reading thread's: sources read in windows stay open side by side.
    [ThreadStatic] private static char[]? t_chars;
    private RawStore? _store;
    private string? _problem;
    private long _bytes;
    private bool _started;
    private long _taken;

    /// <summary>A reader of <paramref name="source"/>, reading <paramref name="block"/> bytes at a time.</summary>
    public SourceReader(LogSource source, int index, AnalyzerOptions options, Action<long> onBytes, int block)
    {
        _block = block;
        _source = source;
        Index = index;
        _onBytes = onBytes;
        _parser = source.GrepOutput ? new GrepOutputParser(source, options.Date) : source.Mixed ? new MixedParser(source, options.Date) : source.Component switch
        {
            LogComponent.CcpApi or LogComponent.CcpPublicApps or LogComponent.Runtime => new CiscoLogParser(source),
            LogComponent.WebServices => new FinesseParser(source),
            LogComponent.CtiSvr or LogComponent.Pim or LogComponent.Rtr => new IcmParser(source, options.Date),
            _ => new NullParser(source),
        };
        _problem = source.Problem;
        Done = _problem is not null || source.OwnOutput is not null;
    }

    /// <summary>The source's place among the inputs: events are ordered by it, then by their own place in it.</summary>
    public int Index { get; }

    public LogSource Source => _source;

    /// <summary>The source has been read to its end (or could not be read further).</summary>
    public bool Done { get; private set; }

    /// <summary>What an ICM parser made of a dumplog header it did not understand.</summary>
    public (long Line, string Text)? UnreadHeader => _parser switch
    {
        IcmParser icm => icm.UnreadHeader,
        MixedParser mixed => mixed.UnreadHeader,
        GrepOutputParser grep => grep.UnreadHeader,
        _ => null,
    };

    /// <summary>The day added to the source's undated ICM lines, in milliseconds, once found (see LogAnalyzer).</summary>
    public long DayMs { get; set; }

    /// <summary>The date found for undated ICM lines in other logs, and from what, when the source had none of its own.</summary>
    public (DateOnly Date, string From)? DateFound { get; set; }

    /// <summary>
    /// The next events, at least <paramref name="atLeast"/> of them unless the source ends first
    /// (then all that are left, and <see cref="Done"/> is true), each numbered in read order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<LogEvent> Next(int atLeast)
    {
        if (!Done) Pump(atLeast + Unfinished);
        var events = Done ? _parser.TakeEvents(0) : _parser.TakeEvents(Unfinished);
        // A direction line whose dump never came names no message (the parser drops them at its end).
        if (!Done) events.RemoveAll(static e => e.Message.Length == 0);
        foreach (var e in events)
        {
            e.Order = ((long)Index << 40) | _taken++;
            MessageRoutes.Route(e, _types);
            e.Rank = EventOrder.Rank(e);
        }
        return events;
    }

    /// <summary>The source's counts, once read.</summary>
    public SourceStats Stats(long events) => new()
    {
        Name = _source.Name,
        Component = _source.Component,
        Bytes = _bytes,
        LinesRead = _parser.Read,
        LinesUsed = _parser.Used,
        LinesSkipped = _parser.Skipped,
        Date = DateFound?.Date ?? _parser.Date,
        DateFrom = DateFound?.From ?? _parser.DateFrom,
        Problem = _problem,
        OwnOutput = _source.OwnOutput,
        Events = events,
        GrepOutput = _source.GrepOutput,
        LinesCut = _reader?.Overlong ?? _linesCut,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Pump(int want)
    {
        try
        {
            if (!_started)
            {
                _started = true;
                _stream = _source.OpenRead();
                _store = _source.FilePath is { } path ? new FileRawStore(path) : new ArenaRawStore();
                _parser.KeepLinesIn(_store);
                _reader = new ByteLineReader(_stream, _onBytes, _block);
            }
            var reader = _reader!;
            var chars = t_chars ??= new char[ByteLineReader.MaxLine];
            while (reader.TryRead(out var line))
            {
                if (reader.LineNumber == 1 && reader.Head.Length >= 2 && (reader.Head[0] == 0xFF && reader.Head[1] == 0xFE ||
                    reader.Head[0] == 0xFE && reader.Head[1] == 0xFF || reader.Head[1] == 0 && Utf16.IsBomlessLittleEndian(reader.Head)))
                {
                    _bytes = ReadUtf16(reader.Head[1] == 0 ? Encoding.Unicode : null);
                    Finish();
                    return;
                }
                var n = Encoding.UTF8.GetChars(line, chars);
                _parser.Feed(chars.AsSpan(0, n), reader.LineNumber, reader.Buffer, reader.LineStart, line.Length, reader.LineOffset);
                if (_parser.Held >= want)
                {
                    _bytes = reader.BytesRead;
                    return;
                }
            }
            _bytes = reader.BytesRead;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
        {
            // A damaged archive or a file that went away: what was read so far still counts.
            _problem = e.Message;
        }
        Finish();
    }

    private void Finish()
    {
        _store?.Contacts.Done();
        if (_stream is IReadDamage { Damage: { } damage }) _problem ??= damage;
        _stream?.Dispose();
        _stream = null;
        _linesCut += _reader?.Overlong ?? 0;
        _reader = null;
        _parser.End();
        Done = true;
    }

    // A log saved as UTF-16 (a byte order mark says so; PowerShell's "dumplog > file" does it; without
    // one, a zero in every other byte of its start) is rare enough to read the slow way, whole, from
    // its start again: a file is rewound, an archive's entry (which cannot be) is opened afresh.
    private long ReadUtf16(Encoding? bomless)
    {
        var stream = _stream!;
        using var fresh = stream.CanSeek ? null : _source.OpenRead();
        if (fresh is null) stream.Position = 0;
        using var counted = new CountingStream(fresh ?? stream, _onBytes);
        using var reader = new LineReader(counted, bomless);
        _parser.KeepLinesIn(null);
        while (reader.TryRead(out var line)) _parser.Feed(line, reader.LineNumber);
        _linesCut += reader.Overlong;
        return counted.BytesRead;
    }

    private sealed class NullParser(LogSource source) : LogParser(source)
    {
        protected override bool OnLine(ReadOnlySpan<char> line, long number) => false;
    }
}
