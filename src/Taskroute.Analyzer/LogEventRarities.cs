namespace Taskroute.Analyzer;

/// <summary>
/// What only a few events need to keep themselves, beyond <see cref="LogEventText"/>: an event's
/// text becomes one of these when it does, so that the many with only a selector or detail stay small.
/// </summary>
internal sealed class LogEventRarities : LogEventText
{
    public LogEventRarities(LogEventText? text)
    {
        Raw = text?.Raw;
        ScriptSelector = text?.ScriptSelector;
        Detail = text?.Detail;
    }

    // For an event whose lines were kept as text: the others' source and contact are their store's.
    public string? Source { get; set; }

    public Guid ContactId { get; set; }

    // A task id's day and key when they are not the event's RouterCallKey.
    public int TaskDay { get; set; }

    public int TaskKey { get; set; }
}
