namespace Taskroute.Analyzer;

/// <summary>The text an event may carry besides its ids: few events have any, so it is an object of its own.</summary>
internal class LogEventText
{
    public string? Raw { get; set; }
    public string? ScriptSelector { get; set; }
    public string? Detail { get; set; }
}
