using System.Runtime.CompilerServices;
using System.Text;

namespace Taskroute.Analyzer;

/// <summary>
/// The reader of grep's output of several files (<c>grep -rn KEY logs/ &gt; task.txt</c>), each line
/// with its file's path in front (<see cref="GrepPrefix"/>). grep prints one file's lines after
/// another's, so each file's run of lines is read by a parser of its own, as that file alone would
/// be: a message's continuation lines, which carry the same path, continue it; no file's message
/// takes in the next file's lines; an ICM file's date comes from its own name; and its events are
/// under a name of their own, so that the same line in two files (a copy, both sides of a duplexed
/// router) is still a repeat, and lines of one millisecond from several files still go in the flow's order.
/// A line with no prefix is read as it is.
/// </summary>
internal sealed class GrepOutputParser(LogSource source, DateOnly? date) : LogParser(source)
{
    // Events of the files whose lines have ended, and what their parsers counted.
    private List<LogEvent> _ended = [];
    private long _endedRead, _endedUsed, _endedSkipped;
    private DateOnly? _firstDate;
    private string? _firstDateFrom;
    private (long Line, string Text)? _unreadHeader;

    private RawStore? _store;
    private MixedParser? _file;
    private RawStore? _fileStore;
    // The current file's path as grep printed it, empty for lines without one, and whether grep numbered its lines (-n).
    private string _path = "";
    private bool _numbered;

    public (long Line, string Text)? UnreadHeader => _unreadHeader ?? _file?.UnreadHeader;

    public override DateOnly? Date => _firstDate ?? _file?.Date;

    public override string? DateFrom => _firstDate is not null ? _firstDateFrom : _file?.DateFrom;

    public override long Read => _endedRead + (_file?.Read ?? 0);

    public override long Used => _endedUsed + (_file?.Used ?? 0);

    public override long Skipped => _endedSkipped + (_file?.Skipped ?? 0);

    public override int Held => _ended.Count + (_file?.Held ?? 0);

    public override void KeepLinesIn(RawStore? store)
    {
        base.KeepLinesIn(store);
        _store = store;
        if (_file is not null) _file.KeepLinesIn(_fileStore = StoreFor(_path));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Feed(ReadOnlySpan<char> line, long number, byte[] buffer, int start, int length, long offset)
    {
        var skip = Prefix(line);
        if (skip == 0)
        {
            _file!.Feed(line, number, buffer, start, length, offset);
            return;
        }
        // The event keeps where its line is without the prefix, whose path may hold characters of several bytes.
        var bytes = Math.Min(Encoding.UTF8.GetByteCount(line[..skip]), length);
        _file!.Feed(line[skip..], number, buffer, start + bytes, length - bytes, offset + bytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Feed(ReadOnlySpan<char> line, long number)
    {
        var skip = Prefix(line);
        _file!.Feed(line[skip..], number);
    }

    public override List<LogEvent> TakeEvents(int keep)
    {
        var taken = _ended;
        _ended = [];
        if (_file is not null) taken.AddRange(_file.TakeEvents(keep));
        return taken;
    }

    public override void End() => EndFile();

    // Never called: every line is fed to its file's parser.
    protected override bool OnLine(ReadOnlySpan<char> line, long number) => throw new InvalidOperationException("grep output's lines go to their files' parsers");

    // How many characters of the line are grep's; the parser of the line's file is ready.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Prefix(ReadOnlySpan<char> line)
    {
        // grep's line between groups of context lines is no line of its file's: it ends the message
        // before it, as such a line does in any file, and is counted as skipped.
        if (GrepPrefix.IsGroupSeparator(line))
        {
            if (_file is null) Open("", false, LogComponent.Unknown);
            return 0;
        }
        if ((_path.Length > 0 || _numbered) && GrepPrefix.TryStrip(line, _path, _numbered, out var start) &&
            !(_path.Length == 0 && GrepPrefix.Known(line)) && !AnotherFile(line, start))
            return start;
        if (GrepPrefix.Known(line))
        {
            Open("", false, LogComponent.Unknown);
            return 0;
        }
        if (GrepPrefix.TryFind(line, out var pathLength, out start, out var numbered))
        {
            Open(line[..pathLength], numbered, ComponentDetector.OfLine(line[start..], out _));
            return start;
        }
        // No prefix that leaves a line the analyzer reads ("Binary file ... matches", prose): read as it is.
        if (_file is null) Open("", false, LogComponent.Unknown);
        return 0;
    }

    // Without -n, a context line's path and the line are parted by a dash, as a path's own parts may
    // be: "logs/rtr.log-2-..." is another file's line when what follows its own path reads as a line.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AnotherFile(ReadOnlySpan<char> line, int start) =>
        !_numbered && line[_path.Length] == '-' && !GrepPrefix.Known(line[start..]) &&
        GrepPrefix.TryFind(line, out var pathLength, out _, out _) && pathLength > _path.Length;

    private void Open(ReadOnlySpan<char> path, bool numbered, LogComponent component)
    {
        if (_file is not null && path.SequenceEqual(_path))
        {
            _numbered = numbered;
            return;
        }
        EndFile();
        _path = path.ToString();
        _numbered = numbered;
        _file = _path.Length == 0 ? new MixedParser(Source, date) : new MixedParser(LogSource.Grepped(Source, _path, component), date, _path);
        _file.KeepLinesIn(_fileStore = StoreFor(_path));
    }

    private RawStore? StoreFor(string path) => _store is null || path.Length == 0 ? _store : new GreppedFileStore(_store);

    private void EndFile()
    {
        if (_file is null) return;
        _file.End();
        _ended.AddRange(_file.TakeEvents(0));
        _endedRead += _file.Read;
        _endedUsed += _file.Used;
        _endedSkipped += _file.Skipped;
        if (_firstDate is null && _file.Date is { } first)
        {
            _firstDate = first;
            _firstDateFrom = _file.DateFrom;
        }
        _unreadHeader ??= _file.UnreadHeader;
        if (_fileStore is GreppedFileStore ended) ended.Contacts.Done();
        _file = null;
    }
}
