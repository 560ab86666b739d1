namespace Taskroute.Analyzer;

/// <summary>The reader of one source's lines, which keeps its counts and the events it found.</summary>
internal abstract class LogParser(LogSource source)
{
    private const int MaxRaw = 700;

    protected LogSource Source { get; } = source;
    public List<LogEvent> Events { get; } = [];
    public long Used { get; private set; }
    public long Skipped { get; private set; }
    public long Read { get; private set; }

    public void Feed(ReadOnlySpan<char> line, long number)
    {
        Read++;
        if (line.IsWhiteSpace()) return;
        if (OnLine(line, number)) Used++;
        else Skipped++;
    }

    /// <summary>True when the line was used.</summary>
    protected abstract bool OnLine(ReadOnlySpan<char> line, long number);

    public virtual void End() { }

    public virtual DateOnly? Date => null;
    public virtual string? DateFrom => null;

    protected LogEvent New(LogComponent component, long number, string message, ReadOnlySpan<char> line)
    {
        var e = new LogEvent(component, Source.Name, number, message, line.Length > MaxRaw ? new string(line[..MaxRaw]) : new string(line));
        Events.Add(e);
        return e;
    }

    protected static void Append(LogEvent e, ReadOnlySpan<char> line)
    {
        if (e.Raw.Length >= MaxRaw) return;
        var room = MaxRaw - e.Raw.Length;
        e.Raw = string.Concat(e.Raw, "\n", line.Length > room ? line[..room] : line);
    }
}
