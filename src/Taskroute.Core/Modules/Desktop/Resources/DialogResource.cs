namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>A non-voice dialog as the agent API shows it (Finesse's Dialog object), with its task's data.</summary>
public sealed record DialogResource(
    string Id, string State, int MrdId, string TaskId, Guid ContactId, int SkillGroupId, string Name, string Title, string? Description,
    IReadOnlyDictionary<string, string> CallVariables, IReadOnlyDictionary<string, string> EccVariables, string? MediaType, DateTimeOffset OfferedAt);
