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
}
