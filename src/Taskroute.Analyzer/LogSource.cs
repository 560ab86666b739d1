using System.Text;

namespace Taskroute.Analyzer;

/// <summary>
/// One log to read: a file, or an entry of a .zip, .gz or .tar archive, opened as often as needed.
/// Its component is recognised from its content when it is made.
/// </summary>
public sealed class LogSource
{
    private readonly Func<Stream> _open;

    private LogSource(string name, Func<Stream> open, long? length, LogComponent? component, string? problem = null, string? path = null, bool mixed = false)
    {
        FilePath = path;
        Name = name;
        _open = open;
        Length = length;
        _problem = problem;
        var grep = false;
        Component = component ?? DetectSafely(open, out _problem, out mixed, out grep);
        Mixed = mixed;
        GrepOutput = grep;
    }

    /// <summary>A source that cannot be read (a damaged archive), kept so the report can say so.</summary>
    internal static LogSource Unreadable(string name, string problem) =>
        new(name, () => Stream.Null, null, LogComponent.Unknown, problem);

    /// <summary>One of the analyzer's own outputs (its HTML report, its JSON) found among the logs: listed, never read.</summary>
    internal static LogSource PassedOver(string name, string what) =>
        new(name, () => Stream.Null, null, LogComponent.Unknown) { OwnOutput = what };

    private readonly string? _problem;

    /// <summary>What of the analyzer's own output the source is ("HTML report", "JSON output"), or null for a log.</summary>
    public string? OwnOutput { get; private init; }

    /// <summary>The path, or <c>archive.zip!entry</c> for an archive's entry.</summary>
    public string Name { get; }

    /// <summary>The bytes stored (compressed for archive entries), when known.</summary>
    public long? Length { get; }

    public LogComponent Component { get; }

    /// <summary>Lines of several components in one file (notes pasted together): each line is read as its own kind says.</summary>
    public bool Mixed { get; }

    /// <summary>
    /// Lines as grep prints them from several files, each with its file's path in front
    /// (<c>grep -rn KEY logs/ &gt; task.txt</c>): each file's lines are read as that file's (see GrepOutputParser).
    /// </summary>
    public bool GrepOutput { get; }

    /// <summary>Why the source could not be read, or null.</summary>
    public string? Problem => _problem;

    /// <summary>A fresh stream over the log's text (decompressed).</summary>
    public Stream OpenRead() => _open();

    public static LogSource FromFile(string path) =>
        new(path, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan), new FileInfo(path).Length, null, path: path);

    /// <summary>A plain file, which can be read again at any offset.</summary>
    internal static LogSource FromPath(string path, Func<Stream> open, long? length) => new(path, open, length, null, path: path);

    /// <summary>The file a plain file source reads; null for archive entries and text.</summary>
    internal string? FilePath { get; }

    /// <summary>
    /// The lines of the file at <paramref name="path"/> in grep output, named for both, each line read
    /// by its own kind (as a file of several components' lines is); <paramref name="component"/> is
    /// what its first line is.
    /// </summary>
    internal static LogSource Grepped(LogSource output, string path, LogComponent component) =>
        new($"{path} in {output.Name}", output._open, null, component, mixed: true);

    /// <summary>A source over text in memory, for tests and for logs pasted from elsewhere.</summary>
    public static LogSource FromText(string name, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new LogSource(name, () => new MemoryStream(bytes, writable: false), bytes.Length, null);
    }

    /// <summary>A source over any stream; <paramref name="open"/> is called once to recognise it and again for each read.</summary>
    public static LogSource FromStream(string name, Func<Stream> open, long? length = null) => new(name, open, length, null);

    public override string ToString() => $"{Name} ({LogComponentNames.Of(Component)})";

    private static LogComponent DetectSafely(Func<Stream> open, out string? problem, out bool mixed, out bool grep)
    {
        problem = null;
        mixed = grep = false;
        try
        {
            using var stream = open();
            return ComponentDetector.Detect(stream, out mixed, out grep);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = e.Message;
            return LogComponent.Unknown;
        }
    }
}
