namespace Taskroute.Analyzer;

/// <summary>The text an event may carry besides its ids: few events have any, so it is an object of its own.</summary>
internal sealed class LogEventText
{
    public string? Raw { get; set; }

    // Only for an event whose lines were kept as text: the others' source is their store's.
    public string? Source { get; set; }

    public Guid ContactId { get; set; }

    // A task id's day and key when they are not the event's RouterCallKey.
    public int TaskDay { get; set; }

    public int TaskKey { get; set; }
    public string? ScriptSelector { get; set; }
    public string? Detail { get; set; }
}
