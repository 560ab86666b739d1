namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>A non-voice dialog as the agent API shows it (Finesse's Dialog object), with its task's data.</summary>
public sealed record DialogResource(
    string Id, string State, int MrdId, string TaskId, Guid ContactId, int SkillGroupId, string Name, string Title, string? Description,
    IReadOnlyDictionary<string, string> CallVariables, IReadOnlyDictionary<string, string> EccVariables, string? MediaType, DateTimeOffset OfferedAt)
{
    /// <summary>
    /// While offered or accepted, when the task leaves the agent unless started: it rings out (the MRD's
    /// task start timeout, counted from the offer) or, when its task life runs out first, ends. Null once started.
    /// </summary>
    public DateTimeOffset? StartBy { get; init; }

    /// <summary>
    /// When the dialog took its own state (offered, accepted, active, paused, wrapping up): a desktop
    /// shows how long the agent has been at it. An INTERRUPTED dialog keeps the time it took the state it was interrupted in.
    /// </summary>
    public DateTimeOffset StateChangedAt { get; init; }

    /// <summary>
    /// The names of the skill group or the precision queue the task was routed through (SkillGroupId
    /// alone is 0 for a precision queue's): an agent reads "Chat_Sales", not 5201. Null where none, or
    /// where the configuration no longer has it.
    /// </summary>
    public string? SkillGroupName { get; init; }

    /// <summary>The precision queue the task was routed through; 0 when it came through a skill group.</summary>
    public int PrecisionQueueId { get; init; }

    public string? PrecisionQueueName { get; init; }

    /// <summary>The tags the task was submitted with, as submitted.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}
