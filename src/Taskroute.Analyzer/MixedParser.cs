namespace Taskroute.Analyzer;

/// <summary>
/// The reader of a file holding several components' lines (notes pasted together, the TechNote's
/// excerpts in one file): each line goes to the parser of its own kind, and a line with no header of
/// its own (a message dump's next field) to the parser of the line before it.
/// </summary>
internal sealed class MixedParser : LogParser
{
    private readonly IcmParser _icm;
    private readonly CiscoLogParser _cisco;
    private readonly FinesseParser _finesse;
    private readonly LogParser[] _all;
    private LogParser? _last;

    /// <summary><paramref name="fileName"/> dates the ICM lines when the source's name should not (see <see cref="IcmParser"/>).</summary>
    public MixedParser(LogSource source, DateOnly? date, string? fileName = null) : base(source)
    {
        _icm = new IcmParser(source, date, fileName);
        _cisco = new CiscoLogParser(source);
        _finesse = new FinesseParser(source);
        _all = [_icm, _cisco, _finesse];
    }

    public (long Line, string Text)? UnreadHeader => _icm.UnreadHeader;

    public override DateOnly? Date => _icm.Date;

    public override string? DateFrom => _icm.DateFrom;

    public override long Read => _icm.Read + _cisco.Read + _finesse.Read;

    public override long Used => _icm.Used + _cisco.Used + _finesse.Used;

    public override long Skipped => _icm.Skipped + _cisco.Skipped + _finesse.Skipped;

    public override int Held => _icm.Held + _cisco.Held + _finesse.Held;

    public override void KeepLinesIn(RawStore? store)
    {
        foreach (var parser in _all) parser.KeepLinesIn(store);
    }

    public override void Feed(ReadOnlySpan<char> line, long number, byte[] buffer, int start, int length, long offset) =>
        For(line).Feed(line, number, buffer, start, length, offset);

    public override void Feed(ReadOnlySpan<char> line, long number) => For(line).Feed(line, number);

    // Each keeps its own unfinished events: a dump's fields complete the ICM parser's, whatever came between.
    public override List<LogEvent> TakeEvents(int keep)
    {
        var taken = new List<LogEvent>();
        foreach (var parser in _all) taken.AddRange(parser.TakeEvents(keep));
        return taken;
    }

    public override void End()
    {
        foreach (var parser in _all) parser.End();
    }

    // Never called: every line is fed to the parser of its kind.
    protected override bool OnLine(ReadOnlySpan<char> line, long number) => throw new InvalidOperationException("a mixed file's lines go to their own parsers");

    private LogParser For(ReadOnlySpan<char> line)
    {
        LogParser parser;
        if (IcmLine.TryHeader(line, out _, out _, out _, out _) || line.StartsWith("Events from ", StringComparison.Ordinal)) parser = _icm;
        // dumplog's Cisco Log output of an ICM process is the ICM parser's to read.
        else if (CiscoLogLine.TryHeader(line, out _, out var facility, out var mnemonic, out var rest))
            parser = facility.StartsWith("ICM_", StringComparison.Ordinal) ? _icm : CiscoLogLine.IsFinesse(mnemonic, rest) ? _finesse : _cisco;
        else if (FinesseLine.TryHeader(line, out _, out _, out _, out _)) parser = _finesse;
        else parser = _last ?? _icm;
        _last = parser;
        return parser;
    }
}
