namespace Taskroute.Analyzer;

/// <summary>
/// Where an event's lines can be read back from, so that the analysis keeps a position per event
/// rather than its text: a plain file is read again when the text is asked for; a source that
/// cannot seek (an archive's entry) keeps the lines of its events in memory.
/// </summary>
internal abstract class RawStore
{
    /// <summary>The display name of the source whose lines these are.</summary>
    public string Name { get; set; } = "";

    /// <summary>The contacts its events name (see <see cref="LogEvent.ContactId"/>).</summary>
    public ContactTable Contacts { get; } = new();

    /// <summary>The position to record for the current line, whose bytes are <paramref name="line"/>.</summary>
    public abstract long Add(ReadOnlySpan<byte> line, long offsetInSource);

    /// <summary>
    /// True when a line just added at <paramref name="position"/> follows <paramref name="end"/> with
    /// nothing but a line end between them, so one range can hold both; <paramref name="nextLine"/>
    /// says whether it is the very next line of the source.
    /// </summary>
    public abstract bool Follows(long end, long position, bool nextLine);

    /// <summary>The bytes from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public abstract byte[] Read(long start, long end);
}
