namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>An agent, its media, and the script selectors a task may be transferred to (TransferTargets), for a desktop's list.</summary>
public sealed record AgentResource(int Id, int LoginId, string Name, IReadOnlyList<int> SkillGroups, IReadOnlyList<MediaResource> Media, IReadOnlyList<string> TransferTargets);
