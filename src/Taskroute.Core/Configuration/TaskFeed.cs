namespace Taskroute.Core.Configuration;

/// <summary>A CCP task feed: the door through which an application submits tasks.</summary>
public sealed class TaskFeed
{
    public int Id { get; init; }
    public string Name { get; init; } = "";

    /// <summary>The script selector for tasks that name none.</summary>
    public string? DefaultScriptSelector { get; init; }

    /// <summary>When set, submissions to this feed must carry it in the <c>X-Api-Key</c> header.</summary>
    public string? ApiKey { get; init; }
}
